"""The cached pieces of every page's chrome (see portal/sitecache.py for the key scheme).

- ``CachedSiteSetting``: a site setting's ``for_request`` reads the cache (the admin's
  ``for_site`` still reads the database, so an edit never starts from a cached copy).
- Navigation: the menus' links resolved to their addresses once, not a page look-up per menu
  on every request.
- Quick links of the home page, resolved the same way.
- The site lookup: ``cached_site_for_hostname`` (installed over Wagtail's by
  portal/wagtail_patches/site_lookup.py).

Every value is what an anonymous visitor sees on every page of the site: nothing personal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from wagtail.contrib.settings.models import BaseSiteSetting

from portal import sitecache


@dataclass(frozen=True)
class ResolvedLink:
    """A menu entry with its address worked out: ``value`` reads like a LinkBlock's."""

    label: str
    url: str

    @property
    def value(self) -> dict:
        return {"label": self.label, "title": self.label, "page": None, "url": self.url}


def resolve_link(value, request) -> str:
    """The address of a LinkBlock/QuickLinkBlock value: its page's, else its URL, else ''."""
    page = value.get("page")
    if page:
        return page.get_url(request) or ""
    return value.get("url") or ""


class CachedSiteSetting(BaseSiteSetting):
    """A site setting read from the per-site cache on public requests.

    ``snapshot(request)`` may turn the row into what the templates need before it is cached
    (the menus resolve their links). Receivers in portal/chrome_signals.py bump the site's
    generation when a row is saved or deleted.
    """

    class Meta:
        abstract = True

    def snapshot(self, request):
        return self

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None:
            raise cls.DoesNotExist(f"{cls} does not exist for site None.")

        def build():
            with sitecache.unchanged():  # the row may be created here, with its defaults
                instance = cls.for_site(site)
            return instance.snapshot(request)

        value = sitecache.read_through(
            f"setting:{cls._meta.label_lower}", site_id=site.pk, build=build
        )
        if isinstance(value, BaseSiteSetting):
            value._request = request
        setattr(request, attr_name, value)
        return value


@dataclass(frozen=True)
class NavigationSnapshot:
    """The header and footer menus of a site, their links resolved (what the templates read)."""

    site_id: int
    header_links: tuple[ResolvedLink, ...]
    footer_links: tuple[ResolvedLink, ...]


def resolved_links(stream, request) -> tuple[ResolvedLink, ...]:
    return tuple(
        ResolvedLink(label=block.value.get("label", ""), url=resolve_link(block.value, request))
        for block in stream
    )


@dataclass(frozen=True)
class QuickLink:
    title: str
    description: str
    url: str


def home_quick_links(*, page, request) -> list[QuickLink]:
    """The quick links of a home page, resolved, from the cache of the request's site."""
    from wagtail.models import Site

    site = Site.find_for_request(request)

    def build():
        return [
            QuickLink(
                title=block.value.get("title", ""),
                description=block.value.get("description", ""),
                url=resolve_link(block.value, request),
            )
            for block in page.quick_links
        ]

    if site is None:
        return build()
    return sitecache.read_through(f"quick-links:{page.pk}", site_id=site.pk, build=build)


def _host_key(hostname: str, port) -> str:
    digest = hashlib.sha256(f"{hostname}:{port}".encode("utf-8", "replace")).hexdigest()[:24]
    return f"site-for:{digest}"


def cached_site_for_hostname(original):
    """Wagtail's ``get_site_for_hostname`` through the cache, for host names a Site has.

    Only exact host-name matches are cached (any other host falls back to the default site
    after one query, as before), so that requests with made-up host names cannot fill the
    cache. Keyed by the portal-wide generation, bumped whenever a Site or a site's root page
    changes.
    """

    def lookup(hostname, port):
        from wagtail.models import Site

        def build():
            try:
                site = original(hostname, port)
            except Site.DoesNotExist:
                return None
            site.__dict__.pop("match", None)
            return site

        site = sitecache.read_through(
            _host_key(hostname, port),
            site_id=0,
            build=build,
            # A fallback to the default site is right now but not cached under this host.
            cache_if=lambda site: site is not None and site.hostname == hostname,
        )
        if site is None:
            raise Site.DoesNotExist
        return site

    return lookup
