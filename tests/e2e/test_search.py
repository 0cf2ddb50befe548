"""Search from the portal's header without diacritics, narrow to a school, open a result."""

import re

import pytest
from playwright.sync_api import expect

from portal import factories
from sites import factories as site_factories
from tests.conftest import build_home
from tests.search.conftest import article, school_news_index

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def searchable_portal(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # school Sites get the live server's port
    home = build_home()
    news = factories.NewsIndexPageFactory(parent=home)
    site_factories.SchoolIndexPageFactory(parent=home)
    school = site_factories.provision_school("Trường THCS Bình Sơn", "51000105")
    article(news, "Tuyển sinh lớp 10 toàn tỉnh", "Kế hoạch của Sở.")
    article(school_news_index(school), "Bình Sơn tuyển sinh lớp 6", "Thông báo tuyển sinh.")
    return school


def test_search_without_diacritics_narrow_to_a_school_and_open(new_page, searchable_portal):
    page = new_page()
    page.goto("/")
    # The script turns the search box into a combobox with title suggestions.
    box = page.get_by_role("combobox", name="Tìm kiếm trên trang")
    box.fill("tuyen sinh lop")
    expect(page.locator("#site-search-q-suggestions option")).to_have_count(2)
    box.press("Enter")
    results = page.locator("ol.search-results h2")
    expect(results).to_have_count(2)
    expect(page.locator("ol.search-results h2 mark").first).to_have_text(
        re.compile("^tuyển sinh lớp$", re.IGNORECASE)
    )

    facets = page.get_by_role("navigation", name="Thu hẹp kết quả")
    facets.get_by_role("link", name="Trường THCS Bình Sơn").click()
    expect(results).to_have_text(["Bình Sơn tuyển sinh lớp 6"])
    assert "q=tuyen+sinh+lop" in page.url and "site=" in page.url

    results.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Bình Sơn tuyển sinh lớp 6")
    assert page.problems == []
