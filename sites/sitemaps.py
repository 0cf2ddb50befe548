"""A sitemap that lists only the current Site's own pages.

Wagtail's sitemap lists every page below the site's root. School sites are nested below the
portal's root, so the portal's sitemap would list every school page again under
/truong-hoc/<slug>/…, duplicating the pages whose canonical address is on the school's host.
This sitemap leaves out the subtrees that belong to another Site.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site


class SiteScopedSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        root = site.root_page
        # Another Site whose root page is this page or one of its ancestors, below our root.
        owned_elsewhere = (
            Site.objects.exclude(pk=site.pk)
            .filter(root_page__path__startswith=root.path, root_page__depth__gt=root.depth)
            .filter(root_page__path=Substr(OuterRef("path"), 1, Length("root_page__path")))
        )
        return super().items().exclude(Exists(owned_elsewhere))
