"""One address per public page type of the demo portal, on the department's site and a school's,
for the browser tests (phone layout, axe-core, the Nu HTML Checker) and the screenshots."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Page

from sites.models import SchoolHomePage

# Sub-pages of routable page types that have their own template.
SUB_PAGES = {
    "QuestionsPage": ["gui-cau-hoi/"],
    "CalendarIndexPage": ["lich-cong-tac/", "su-kien/", "lich-hop/"],
    "ProcedureIndexPage": ["tra-cuu/"],
}
EXTRA_PATHS = ["/tim-kiem/?q=tuy%E1%BB%83n+sinh", "/khong-co-trang-nay/"]


def browser_url(live_server, page_url):
    """The address of a page URL (http://<host>/path) on the live server's port."""
    port = live_server.url.rsplit(":", 1)[1]
    parts = urlsplit(page_url)
    query = f"?{parts.query}" if parts.query else ""
    return f"http://{parts.hostname}:{port}{parts.path}{query}"


def _first_of_each_type(pages):
    chosen = {}
    for page in pages:
        chosen.setdefault(type(page).__name__, page)
    return chosen


def public_page_urls(live_server):
    """[(label, url)]: every page type the demo publishes, once on the department's site and
    once on a school's (the school with the most content), with routable sub-pages, search
    and the 404 page."""
    school = (
        SchoolHomePage.objects.live().filter(slug="th-nghia-lo").first()
        or SchoolHomePage.objects.live().first()
    )
    live = Page.objects.live().public().filter(depth__gt=1).order_by("path").specific()
    in_school = [page for page in live if page.path.startswith(school.path)]
    schools_paths = [home.path for home in SchoolHomePage.objects.all()]
    department = [
        page for page in live if not any(page.path.startswith(path) for path in schools_paths)
    ]
    urls = []
    for where, pages, root in (
        ("department", department, department[0]),
        ("school", in_school, school),
    ):
        for type_name, page in sorted(_first_of_each_type(pages).items()):
            url = page.full_url
            urls.append((f"{where} {type_name}", browser_url(live_server, url)))
            for sub in SUB_PAGES.get(type_name, []):
                urls.append((f"{where} {type_name} {sub}", browser_url(live_server, url + sub)))
        base = root.full_url.rstrip("/")
        for path in EXTRA_PATHS:
            urls.append((f"{where} {path}", browser_url(live_server, base + path)))
    return urls
