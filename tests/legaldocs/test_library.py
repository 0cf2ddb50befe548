"""The document library: filters, text search, bad filters, site scoping, query counts."""

import pytest
from django.utils import timezone

from legaldocs.factories import DocumentLibraryPageFactory, LegalDocumentPageFactory
from sites import factories as site_factories
from tests.legaldocs.conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(library, terms):
    return {
        "kh": LegalDocumentPageFactory(
            parent=library,
            title="Kế hoạch tuyển sinh vào lớp 10 năm học 2025-2026",
            number="112/KH-SGDĐT",
            document_type=terms["cong-van"],
            issuer=terms["so"],
            area=terms["tuyen-sinh"],
            issue_date=day(2025, 3, 10),
        ),
        "tt": LegalDocumentPageFactory(
            parent=library,
            title="Quy chế tuyển sinh trung học cơ sở",
            number="30/2024/TT-BGDĐT",
            document_type=terms["quyet-dinh"],
            issuer=terms["bo"],
            area=terms["tuyen-sinh"],
            issue_date=day(2024, 12, 30),
        ),
        "td": LegalDocumentPageFactory(
            parent=library,
            title="Quy chế thi đua, khen thưởng",
            number="45/QĐ-SGDĐT",
            document_type=terms["quyet-dinh"],
            issuer=terms["so"],
            area=terms["thi-dua"],
            issue_date=day(2024, 1, 15),
            expiry_date=day(2025, 1, 1),
        ),
    }


def numbers(response):
    return [document.number for document in response.context["documents"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["112/KH-SGDĐT", "30/2024/TT-BGDĐT", "45/QĐ-SGDĐT"]),
        ("?type=quyet-dinh", ["30/2024/TT-BGDĐT", "45/QĐ-SGDĐT"]),
        ("?issuer=so-gddt", ["112/KH-SGDĐT", "45/QĐ-SGDĐT"]),
        ("?field=thi-dua-khen-thuong", ["45/QĐ-SGDĐT"]),
        ("?year=2024", ["30/2024/TT-BGDĐT", "45/QĐ-SGDĐT"]),
        ("?status=het-hieu-luc", ["45/QĐ-SGDĐT"]),
        ("?status=con-hieu-luc&type=quyet-dinh", ["30/2024/TT-BGDĐT"]),
        ("?q=tuyển sinh", ["112/KH-SGDĐT", "30/2024/TT-BGDĐT"]),
        ("?q=tuyển sinh&year=2025", ["112/KH-SGDĐT"]),
    ],
)
def test_filters_and_search(client, library, documents, query, expected):
    response = client.get(library.url + query)
    assert response.status_code == 200
    assert numbers(response) == expected


def test_listing_shows_number_title_date_and_status(client, library, documents):
    html = client.get(library.url).content.decode()
    assert "112/KH-SGDĐT" in html
    assert documents["kh"].url in html
    assert "10/03/2025" in html
    assert "Hết hiệu lực" in html and "Còn hiệu lực" in html


@pytest.mark.parametrize(
    "query", ["?type=khong-co", "?year=1990", "?year=abc", "?status=bi-huy", "?issuer=x"]
)
def test_invalid_filters_are_a_400_with_a_vietnamese_message(client, library, documents, query):
    response = client.get(library.url + query)
    assert response.status_code == 400
    assert "Một số điều kiện lọc không hợp lệ" in response.content.decode()


def test_a_page_past_the_end_is_a_404(client, library, documents):
    assert client.get(library.url + "?page=9").status_code == 404


def test_the_library_lists_only_its_own_site(client, library, documents, home, terms):
    site_factories.SchoolIndexPageFactory(parent=home)
    school = site_factories.provision_school("Trường THCS Cẩm Thành", "51000201")
    school_library = school.home_page.get_children().get(slug="van-ban").specific
    LegalDocumentPageFactory(
        parent=school_library, title="Quy chế chi tiêu nội bộ tuyển sinh", number="7/QĐ-THCS"
    )
    assert "7/QĐ-THCS" not in numbers(client.get(library.url))
    assert "7/QĐ-THCS" not in numbers(client.get(library.url + "?q=tuyển sinh"))
    response = client.get("/van-ban/?q=tuyển sinh", HTTP_HOST=school.hostname)
    assert numbers(response) == ["7/QĐ-THCS"]


def test_drafts_are_not_listed(client, library, documents):
    documents["kh"].unpublish()
    assert "112/KH-SGDĐT" not in numbers(client.get(library.url))


def test_query_count_does_not_grow_with_the_documents(
    client, library, documents, terms, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(library.url)
    for number in range(12):
        LegalDocumentPageFactory(
            parent=library,
            number=f"{number + 200}/CV-SGDĐT",
            document_type=terms["cong-van"],
            issuer=terms["so"],
            replaced_by=documents["kh"] if number % 2 else None,
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(library.url)
    assert len(response.context["documents"]) == 15


def test_one_library_per_site(home):
    DocumentLibraryPageFactory(parent=home)
    from legaldocs.models import DocumentLibraryPage

    assert not DocumentLibraryPage.can_create_at(home)


def test_today_is_the_default_day(library, documents):
    assert documents["td"].status.value == "het-hieu-luc"
    assert timezone.localdate() > day(2025, 1, 1)


@pytest.mark.parametrize("query", ['"', "\\", '"tuyển sinh', 'lớp 10" \\"'])
def test_quotes_and_backslashes_in_the_search_are_words_not_syntax(
    client, library, documents, query
):
    """SQLite's FTS5 (the embedded default) refused a lone quote with a syntax error (500)."""
    response = client.get(library.url, {"q": query})
    assert response.status_code == 200
    if "tuyển" in query or "lớp" in query:
        assert "Kế hoạch tuyển sinh vào lớp 10" in response.content.decode()


def test_a_nul_in_a_filter_is_a_400(client, library, documents):
    assert client.get(library.url + "?type=a%00b").status_code == 400
    assert client.get(library.url + "?q=a%00b").status_code == 400
