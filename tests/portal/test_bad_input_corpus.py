"""The bad-input corpus: every public URL × each parameter it reads × a list of hostile values.

The URLs are found, not listed: the URL resolver's own routes (those that take no argument),
and the page tree of the demo site (the department and one school, as `make run` builds it):
one live page of every page type per site, with every argument-free route of routable pages.
The parameters are found too: each URL is requested once with a recording `request.GET`,
which notes every name the view reads; the names of the portal's filters are offered then, so
that a view reading `tuan` or `unit` is caught reading it.

Each (URL, parameter, payload) request must answer below 500, and an HTML answer must never
contain a payload that carries markup unescaped. The run is bounded: the heavy values (8 KB,
100 KB) and the structural cases (repeated parameters, bad paths) are sent once per URL, not
once per parameter. `make test` runs this file on PostgreSQL and again on SQLite.
"""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def _school_rows():
    """The demo's first two schools (its loaders need two); the second has every section
    filled (documents, organisation, Q&A, disclosures)."""
    from sites.demo import SCHOOLS

    return SCHOOLS[:2]


# Names the portal's pages read; offered in the discovery request (a view that reads only
# some of them when others are set still shows which).
SEED_PARAMETERS = {
    "q": "tuyen sinh",
    "page": "1",
    "site": "1",
    "unit": "1",
    "type": "tin-tuc",
    "year": "2026",
    "tuan": "2026-W10",
    "issuer": "so-gddt",
    "field": "giao-duc",
    "status": "in_force",
    "level": "C1",
    "school_type": "cong-lap",
    "school": "thcs",
    "nam-hoc": "2025-2026",
    "v": "1",
    "tu": "kiem-tra",
}

# Payloads as raw query-string values (already percent-encoded where the bytes matter).
MARKUP = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
]
PER_PARAMETER = [
    *MARKUP,
    "javascript:alert(1)",  # harmless as text, never as a link
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page;--",
    "%25%27%22",  # % ' "
    "%22",  # a lone double quote (SQLite FTS5 syntax)
    "%5C",  # a backslash
    "a%22b%5C%22",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "a%00b",  # NUL
    "%C0%AF",  # overlong UTF-8 "/"
    "%E0%80%AF",
    "%FF%FE%FD",  # invalid UTF-8
    "%C3%28",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "%E2%80%AEabc",  # RIGHT-TO-LEFT OVERRIDE
    "%E2%80%8F1",  # RIGHT-TO-LEFT MARK
    "%C2%B2",  # ² (isdigit() says yes, int() says no)
    "%D9%A3",  # Arabic-Indic digit three
    "%EF%BC%91",  # fullwidth digit one
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "-1",
    "0",
    "9999-W52",
    "0001-W01",
    "2026-13-45",
    "a%0D%0ASet-Cookie:%20x=1",
]
# The payloads every parameter gets; the rest of PER_PARAMETER is sent to each distinct
# parameter name once (at the first URL that reads it), which bounds the run's length.
CORE = [
    MARKUP[0],
    MARKUP[1],
    "' OR '1'='1",
    "%22",
    "a%22b%5C%22",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%C0%AF",
    "%ED%A0%80",
    "%E2%80%AEabc",
    "%C2%B2",
    "%D9%A3",
    "99999999999999999999",
    "9999-W52",
    "a%0D%0ASet-Cookie:%20x=1",
]
# Long values: just under the bound every URL has (views' own limits), 8 KB and 100 KB.
HEAVY = ["b" * 1990, "a" * 8192, "%E1%BB%87" * (100 * 1024 // 9)]  # 100 KB of "ệ"
# Views that read the whole query string (VNPay's return and notification) get these names.
WHOLE_QUERY_NAMES = ["vnp_SecureHash", "vnp_TxnRef", "vnp_Amount", "vnp_ResponseCode"]
PATH_SUFFIXES = ["%00/", "%C0%AF/", "%ED%A0%80/", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E/"]


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes the names a view reads."""

    read = None

    def _note(self, key):
        if self.read is not None:
            self.read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


RECORDED = set()


class RecordParametersMiddleware:
    """Test-only: replaces request.GET with a RecordingQueryDict."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recording = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        recording.read = RECORDED
        request.GET = recording
        return self.get_response(request)


def _resolver_urls():
    """Argument-free routes of the root URLconf, outside the admin and the page tree."""
    urls = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith(("admin/", "documents/")) or route == "":
                    continue  # the admin (its own matrix); Wagtail's page serving (the tree)
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route:
                urls.append("/" + prefix + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(urls))


def _page_urls(site_root):
    """One live page per page type under `site_root`, with its routes that take no argument."""
    urls = []
    seen = set()
    pages = Page.objects.live().public().descendant_of(site_root, inclusive=True).specific()
    for page in pages.order_by("path"):
        site_root_of_page = page.get_site()
        if site_root_of_page is None or site_root_of_page.root_page_id != site_root.pk:
            continue
        kind = type(page)
        if kind in seen:
            continue
        seen.add(kind)
        url = page.get_url()
        if not url:
            continue
        urls.append(url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                route = str(pattern.pattern)
                if route and "<" not in route and "(" not in route:
                    urls.append(url + route.lstrip("^").rstrip("$"))
    return urls


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from portal.demo.loader import load_department
    from sites import demo as sites_demo
    from sites.models import School

    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        SERVICES_PRIVATE_ROOT=tmp_path_factory.mktemp("private"),
    )
    with media, django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            # Two schools of the demo are enough; the walk visits the one with content.
            with mock.patch.object(sites_demo, "SCHOOLS", _school_rows()):
                home = load_department(hostname="localhost", port=80)
            school = School.objects.get(slug=_school_rows()[1][2])
            school.site.port = 80
            school.site.save()
            targets = [("localhost", url) for url in _resolver_urls() + _page_urls(home)]
            school_host = school.site.hostname
            targets += [(school_host, url) for url in _page_urls(school.home_page)]
            yield {"targets": targets, "school": school}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def _discover(client, host, url):
    """The names the view at `url` reads (every name when it reads them all at once)."""
    RECORDED.clear()
    with override_settings(
        MIDDLEWARE=["tests.portal.test_bad_input_corpus.RecordParametersMiddleware"]
        + list(settings.MIDDLEWARE)
    ):
        client.get(url, HTTP_HOST=host)
        query = "&".join(f"{name}={value}" for name, value in SEED_PARAMETERS.items())
        client.get(f"{url}?{query}", HTTP_HOST=host)
    return sorted(RECORDED)


def _check(client, host, url, query, problems):
    full = f"{url}?{query}" if query else url
    try:
        response = client.get(full, HTTP_HOST=host)
    except Exception as error:  # noqa: BLE001 - reported with the URL, then the test fails
        problems.append(f"{host}{full[:160]}: raised {type(error).__name__}: {error}"[:400])
        return
    if response.status_code >= 500:
        problems.append(f"{host}{full[:160]}: {response.status_code}")
        return
    content_type = response.get("Content-Type", "")
    if "html" in content_type and hasattr(response, "content"):
        body = response.content.decode(errors="replace")
        for marker in MARKUP:
            if marker in body:
                problems.append(f"{host}{full[:160]}: echoes {marker!r} unescaped")
        if 'href="javascript:' in body.lower():
            problems.append(f"{host}{full[:160]}: a javascript: link")
    for header, value in response.items():
        if "Set-Cookie: x=1" in value or header.lower() == "x":
            problems.append(f"{host}{full[:160]}: header injection in {header}")


def _plan(targets, client):
    """(host, url, query) triples: see the module docstring for how the matrix is bounded."""
    read = {(host, url): _discover(client, host, url) for host, url in targets}
    counts = {}
    for names in read.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    # Names read on most URLs are read by the shared templates ("page" by the canonical link).
    universal = {name for name, count in counts.items() if count > len(targets) // 2}
    fully_tested = set()
    plan = []
    for number, (host, url) in enumerate(targets):
        names = read[(host, url)]
        if set(SEED_PARAMETERS) <= set(names):
            names = WHOLE_QUERY_NAMES
        own = [name for name in names if name not in universal]
        shared = [name for name in names if name in universal]
        for name in own + (shared if number % 6 == 0 else []):
            payloads = CORE if name in fully_tested else PER_PARAMETER
            fully_tested.add(name)
            plan += [(host, url, f"{name}={payload}") for payload in payloads]
        first = (own or names or ["q"])[0]
        # The 8 KB and 100 KB values are refused by the guard before any view: a sample of URLs.
        heavy = HEAVY if number % 4 == 0 else HEAVY[:1]
        plan += [(host, url, f"{first}={payload}") for payload in heavy]
        plan.append((host, url, f"{first}=1&{first}=%C2%B2&{first}=%3Cb%3E&%00=1"))
        plan.append((host, url, "&".join(f"{name}=%C2%B2" for name in names) or "id=%C2%B2"))
    for host, url in targets[:: max(1, len(targets) // 8)]:
        plan += [(host, url.rstrip("/") + "/" + suffix, "") for suffix in PATH_SUFFIXES]
    return plan


def test_every_public_url_survives_the_corpus(demo):
    client = Client(raise_request_exception=False)
    targets = demo["targets"]
    assert len(targets) > 30, targets  # the walk found the site, not just a few routes
    started = time.monotonic()
    plan = _plan(targets, client)
    problems = []
    for host, url, query in plan:
        _check(client, host, url, query, problems)
    elapsed = time.monotonic() - started
    print(f"bad-input corpus: {len(targets)} URLs, {len(plan)} requests in {elapsed:.0f} s")
    assert not problems, "\n".join(problems[:60]) + f"\n({len(problems)} problems)"
