"""Every public page of the demo portal (the department and its schools), reached by following
links as a visitor does: no template syntax leaks into a page, and no published page or
required section is left without a link to it.

The demo is loaded and crawled once for the module (about a minute), inside a transaction
rolled back at the end; the tests then look at what was fetched, without the database.
"""

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.db import transaction
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from portal.demo.loader import load_department
from portal.models import NewsArticlePage
from tests.crawl import crawl, links_of, page_key, site_host

TEMPLATE_MARKERS = ("{#", "#}", "{%", "%}", "{{", "}}")
FORM_PAGE_TYPES = {"ContactPage", "QuestionsPage", "ConsultationPage"}
BASE_DIR = Path(__file__).resolve().parents[2]

# Marked so that pytest-django sets up the test database the module fixture fills.
pytestmark = pytest.mark.django_db


def template_leaks(html):
    return [marker for marker in TEMPLATE_MARKERS if marker in html]


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker):
    """What a visitor sees of the demo portal: every page reached by links, each form page
    sent empty, a missing page, and the published pages with their sections."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_department()
        client = Client()
        seen = {
            "fetched": crawl(client),
            "pages": [],  # (key, type name, title) of every public page
            "sections": {},  # site host → [(key, title)] of its home page's children
            "home_links": {},  # site host → links on its home page
            "form_errors": {},  # (host, path) → (status, html) of an empty POST
        }
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            seen["pages"].append((page_key(page), type(page).__name__, page.title))
            if type(page).__name__ in FORM_PAGE_TYPES:
                host, path = page_key(page)
                if type(page).__name__ == "QuestionsPage":
                    path += page.reverse_subpage("ask")
                response = client.post(path, {}, HTTP_HOST=host)
                seen["form_errors"][(host, path)] = (
                    response.status_code,
                    response.content.decode(),
                )
        for site in Site.objects.all():
            host = site_host(site)
            seen["sections"][host] = [
                (page_key(section), section.title)
                for section in site.root_page.get_children().live().public()
            ]
            home = client.get("/", HTTP_HOST=host).content.decode()
            seen["home_links"][host] = links_of(home, host=host, path="/", hosts={host})
        seen["articles"] = [
            (article.title, article.date, str(article.body))
            for article in NewsArticlePage.objects.live()
        ]
        seen["documents"] = {}
        for document in get_document_model().objects.filter(file__endswith=".pdf"):
            with document.file.open("rb") as handle:
                seen["documents"][document.title] = handle.read()
        missing = client.get("/khong-co-trang-nay/")
        seen["not_found"] = (missing.status_code, missing.content.decode())
        yield seen
        transaction.set_rollback(True)


def test_no_template_comment_spans_lines():
    """Django's {# #} comments are one line: a multi-line one is printed on the page."""
    unclosed = [
        f"{path.relative_to(BASE_DIR)}:{number}"
        for path in BASE_DIR.glob("*/**/templates/**/*.html")
        if ".venv" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert unclosed == []


def test_no_public_page_shows_template_syntax(portal):
    pages = [page for page in portal["fetched"].values() if page.html]
    assert len(pages) > 200
    leaks = {page.key: template_leaks(page.html) for page in pages if template_leaks(page.html)}
    assert leaks == {}
    assert [page.key for page in portal["fetched"].values() if page.status >= 500] == []


def test_the_crawl_covers_every_published_page_type(portal):
    reached = set(portal["fetched"])
    published = {type_name for _key, type_name, _title in portal["pages"]}
    crawled = {type_name for key, type_name, _title in portal["pages"] if key in reached}
    assert crawled == published
    assert {"HomePage", "SchoolHomePage", "ContactPage", "QuestionsPage"} <= crawled


def test_public_forms_with_errors_show_no_template_syntax(portal):
    """The contact, question and comment forms of the department and every school, sent
    empty: the page with its errors."""
    forms = portal["form_errors"]
    assert {host for host, _path in forms} == set(portal["sections"])
    for key, (status, html) in forms.items():
        assert status < 500, key
        assert template_leaks(html) == [], key
        if status != 403:  # a closed consultation refuses comments, and says so
            assert 'class="form' in html, key


def test_not_found_page_shows_no_template_syntax(portal):
    status, html = portal["not_found"]
    assert status == 404
    assert template_leaks(html) == []


def test_every_published_page_is_reachable_by_links(portal):
    reached = set(portal["fetched"])
    unreachable = sorted(
        f"{title} ({'/'.join(key)})" for key, _type, title in portal["pages"] if key not in reached
    )
    assert unreachable == []


def test_every_section_is_linked_from_its_home_page_or_menu(portal):
    """Each published child of a site's home page (a required section of a school; the
    department's news, documents, Q&A, consultations, directory, …) is one click from home."""
    missing = [
        f"{host}: {title}"
        for host, sections in portal["sections"].items()
        for key, title in sections
        if key not in portal["home_links"][host]
    ]
    assert len(portal["sections"]) > 1
    assert missing == []


def test_demo_reads_like_a_real_portal(portal):
    """No placeholder bodies, opening ceremonies in September, no abolished household
    registration (hộ khẩu, gone since 2023) in any published page."""
    articles = portal["articles"]
    assert [title for title, _date, body in articles if "Nội dung bản tin." in body] == []
    openings = [date for title, date, _body in articles if title.startswith("Lễ khai giảng")]
    assert openings and {date.month for date in openings} == {9}
    pages = [page for page in portal["fetched"].values() if page.html]
    assert [page.key for page in pages if "hộ khẩu" in page.html.lower()] == []


def test_demo_documents_are_pdfs_that_open(portal):
    documents = portal["documents"]
    assert len(documents) > 10
    unreadable = []
    for title, content in documents.items():
        try:
            reader = pypdf.PdfReader(io.BytesIO(content))
            assert reader.pages[0].extract_text().strip()
        except Exception:  # noqa: BLE001 - any failure to open is what this test reports
            unreadable.append(title)
    assert unreadable == []
