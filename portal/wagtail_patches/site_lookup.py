"""The site lookup of every request (``Site.find_for_request``) through the shared cache.

Wagtail finds the Site of a request with one query per request
(``wagtail.models.sites.get_site_for_hostname``, called by ``Site._find_for_request``). The
portal serves hundreds of sites that change a few times a year, so the lookup is read from
the per-site cache (portal/chrome.py, ``cached_site_for_hostname``), keyed by the host and
the portal-wide generation that every Site save or delete bumps (portal/chrome_signals.py).
"""

from portal.wagtail_patches import Patch

TARGET = "wagtail.models.sites.get_site_for_hostname"


def missing() -> list[str]:
    from wagtail.models import sites

    found = []
    if not callable(getattr(sites, "get_site_for_hostname", None)):
        found.append("get_site_for_hostname")
    if not hasattr(sites.Site, "_find_for_request"):
        found.append("Site._find_for_request")
    return found


def apply() -> None:
    from wagtail.models import sites

    from portal.chrome import cached_site_for_hostname

    original = sites.get_site_for_hostname
    sites.get_site_for_hostname = cached_site_for_hostname(original)
    sites.get_site_for_hostname.original = original


PATCH = Patch(
    name="site-lookup-cache",
    target=TARGET,
    why="One query less on every request: the site of a host name comes from the cache.",
    missing=missing,
    apply=apply,
)
