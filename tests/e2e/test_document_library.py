"""Filtering the document library in a real browser (no JavaScript needed on the page)."""

import datetime

import pytest
from playwright.sync_api import expect

from legaldocs import factories
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def library(live_server):
    home = build_home()
    library = factories.DocumentLibraryPageFactory(parent=home)
    decision = factories.DocumentTypeFactory(name="Quyết định")
    letter = factories.DocumentTypeFactory(name="Công văn")
    department = factories.IssuingBodyFactory(name="Sở Giáo dục và Đào tạo")
    admissions = factories.DocumentAreaFactory(name="Tuyển sinh")
    rows = [
        ("112/KH-SGDĐT", "Kế hoạch tuyển sinh vào lớp 10 năm 2025", letter, (2025, 3, 10)),
        ("85/KH-SGDĐT", "Kế hoạch tuyển sinh vào lớp 10 năm 2024", letter, (2024, 3, 5)),
        ("45/QĐ-SGDĐT", "Quy chế thi đua, khen thưởng", decision, (2024, 1, 15)),
    ]
    pages = {}
    for number, title, kind, issued in rows:
        pages[number] = factories.LegalDocumentPageFactory(
            parent=library,
            number=number,
            title=title,
            document_type=kind,
            issuer=department,
            area=admissions,
            issue_date=datetime.date(*issued),
        )
    pages["85/KH-SGDĐT"].replaced_by = pages["112/KH-SGDĐT"]
    pages["85/KH-SGDĐT"].save()
    return library


def result_numbers(page):
    return page.locator("table.document-table tbody tr td:first-child").all_inner_texts()


def test_filtering_the_document_library(page, live_server, library):
    page.goto(live_server.url + "/van-ban/")
    assert result_numbers(page) == ["112/KH-SGDĐT", "85/KH-SGDĐT", "45/QĐ-SGDĐT"]

    # By type and year, with the form's selects.
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Năm ban hành").select_option("2024")
    page.locator("main form button[type=submit]").click()
    assert result_numbers(page) == ["85/KH-SGDĐT"]
    expect(page.get_by_label("Loại văn bản")).to_have_value("cong-van")
    expect(page.locator("table.document-table")).to_contain_text("Bị thay thế")

    # Follow it: its page links to the document that replaced it, and back.
    page.get_by_role("link", name="Kế hoạch tuyển sinh vào lớp 10 năm 2024").click()
    page.get_by_role("link", name="112/KH-SGDĐT – Kế hoạch tuyển sinh vào lớp 10 năm 2025").click()
    expect(page.locator("h1")).to_have_text("Kế hoạch tuyển sinh vào lớp 10 năm 2025")
    expect(
        page.get_by_role("link", name="85/KH-SGDĐT – Kế hoạch tuyển sinh vào lớp 10 năm 2024")
    ).to_be_visible()

    # Text search plus status, cleared back to everything.
    page.goto(live_server.url + "/van-ban/")
    page.get_by_label("Số hiệu hoặc trích yếu").fill("tuyển sinh")
    page.get_by_label("Tình trạng hiệu lực").select_option(label="Còn hiệu lực")
    page.locator("main form button[type=submit]").click()
    assert result_numbers(page) == ["112/KH-SGDĐT"]
    page.get_by_role("link", name="Bỏ lọc").click()
    assert len(result_numbers(page)) == 3

    # A tampered address: a 400 page that says so, in Vietnamese.
    response = page.goto(live_server.url + "/van-ban/?year=1900")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("không hợp lệ")
