"""A small crawler of the public sites through Django's test client, as a visitor follows links.

It starts from every Site's home page and follows the links of each HTML page it gets (on the
department's host or a school's), without query strings (filters, pagination and search facets
would multiply the same templates), outside /admin/, /documents/ and /media/, and a school's
pages only on the school's own host. It returns,
per page fetched, the host, the path, the status, the HTML and the links found on it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from wagtail.models import Site

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/django-admin/")
# Sub-URLs that answer with files (feeds, calendars, receipts), not pages.
SKIPPED_SUFFIXES = ("/rss/", "/ical/", ".ics", ".xml", ".txt", ".css", ".pdf", ".csv")


@dataclass
class Fetched:
    host: str
    path: str
    status: int
    html: str
    links: set = field(default_factory=set)  # (host, path) pairs

    @property
    def key(self):
        return (self.host, self.path)


def site_host(site):
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def known_hosts():
    return {site_host(site) for site in Site.objects.all()}


def page_key(page):
    """(host, path) of a page on the site that serves it."""
    site_id, root_url, path = page.get_url_parts()
    return (urlsplit(root_url).netloc, path)


def links_of(html, *, host, path, hosts):
    """The (host, path) of every link on the page that leads to one of the portal's sites."""
    found = set()
    for anchor in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        href = anchor["href"].strip()
        if href.startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        url = urlsplit(urljoin(f"http://{host}{path}", href))
        if url.scheme not in ("http", "https") or url.netloc not in hosts:
            continue
        found.add((url.netloc, url.path or "/"))
    return found


def mounted_prefixes():
    """host → the paths under which it serves another site's pages (the schools' pages on the
    portal, /truong-hoc/<slug>/): the same pages as on the school's own host, fetched once."""
    sites = list(Site.objects.select_related("root_page"))
    prefixes = {}
    for site in sites:
        root = site.root_page.url_path
        prefixes[site_host(site)] = tuple(
            "/" + other.root_page.url_path[len(root) :]
            for other in sites
            if other.pk != site.pk and other.root_page.url_path.startswith(root)
        )
    return prefixes


def _mirrored(path, prefixes):
    return any(path.startswith(prefix) and path != prefix for prefix in prefixes)


def crawl(client, *, limit=2000):
    """Fetch every page reachable by links from the sites' home pages (at most ``limit``)."""
    hosts = known_hosts()
    mounted = mounted_prefixes()
    queue = deque(sorted((host, "/") for host in hosts))
    seen = set(queue)
    fetched = {}
    while queue and len(fetched) < limit:
        host, path = queue.popleft()
        if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            continue
        if _mirrored(path, mounted.get(host, ())):
            continue
        response = client.get(path, HTTP_HOST=host)
        content_type = response.get("Content-Type", "")
        html = response.content.decode() if content_type.startswith("text/html") else ""
        page = Fetched(host=host, path=path, status=response.status_code, html=html)
        if html:
            page.links = links_of(html, host=host, path=path, hosts=hosts)
            for link in sorted(page.links - seen):
                seen.add(link)
                queue.append(link)
        fetched[page.key] = page
    return fetched
