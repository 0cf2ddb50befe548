from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from portal.site_roots import request_memo


def content_version(request) -> str | None:
    """The key under which the page's templates cache what only publishing changes (the
    site's content generation, portal/sitecache.py), or None: never cached in a preview."""
    from wagtail.models import Site

    from portal import sitecache

    if request is None or getattr(request, "is_preview", False):
        return None
    site = Site.find_for_request(request)
    return sitecache.content_generation(site.pk) if site is not None else None


class PortalPage(Page):
    """What every public page shares: a social-sharing image and an introduction."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social networks."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True

    og_type = "website"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_version"] = content_version(request)
        # 0 (stored for no time: never served) in a preview.
        context["content_cache_seconds"] = 86400 if context["content_version"] else 0
        return context

    def get_social_image(self):
        return self.social_image

    def get_description(self):
        return self.search_description

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Wagtail memoises on `cache_object` (the request, when the caller passes it) and else
        # on the page itself; fall back on the request's memo (portal/site_roots.py).
        return super()._get_site_root_paths(cache_object or request_memo(), **kwargs)
