"""The per-site cached chrome (portal/sitecache.py): a change is visible on the next request on
every site it concerns, and leaves the other sites' cached chrome alone.

"Left alone" is checked two ways: the other site's cache key is the same as before the change
(its generation was not bumped), and its next page makes no more queries than a warm one.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from alerts.factories import AlertFactory
from portal import factories, sitecache
from portal.models import NavigationSettings, OrganisationSettings
from sites import factories as site_factories
from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def page(client, host, path="/"):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path)
    return BeautifulSoup(response.content, "html.parser")


def banner(client, host):
    return [
        node.get_text(" ", strip=True) for node in page(client, host).select(".site-alert__title")
    ]


def queries(client, host, path="/"):
    with CaptureQueriesContext(connection) as captured:
        page(client, host, path)
    return len(captured)


def warm(client, host, path="/"):
    """Fill the site's cache; the query count of a warm page."""
    page(client, host, path)
    page(client, host, path)
    return queries(client, host, path)


def key(site):
    return sitecache.site_key("probe", site.pk)


@pytest.fixture
def schools(home, school_directory):
    upper = site_factories.SchoolLevelFactory(code="C2", name="Trung học cơ sở")
    first = site_factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000101")
    second = site_factories.provision_school("Trường THCS Cẩm Thành", "51000201", levels=[upper])
    return first, second


@pytest.fixture
def school_directory(home):
    return site_factories.SchoolIndexPageFactory(parent=home)


def test_a_department_alert_shows_on_the_sites_it_targets_at_once(client, schools):
    hosts = ["localhost", *(school.hostname for school in schools)]
    for host in hosts:
        warm(client, host)
        assert banner(client, host) == []
    alert = AlertFactory(title="Bão số 5 đổ bộ")
    for host in hosts:
        assert any("Bão số 5 đổ bộ" in title for title in banner(client, host)), host
    # Narrowed to the lower secondary level: gone from the sites it no longer targets.
    first, second = schools
    alert.levels.set([second.levels.get()])
    assert banner(client, first.hostname) == []
    assert banner(client, "localhost") == []
    assert any("Bão số 5 đổ bộ" in title for title in banner(client, second.hostname))
    alert.delete()
    assert banner(client, second.hostname) == []


def test_an_alert_for_one_school_leaves_the_other_sites_cached(client, schools):
    """Editing a department alert aimed at one school's level refreshes that school's banner
    only. (Creating one refreshes every site once: its targets are saved after the alert.)"""
    first, second = schools
    alert = AlertFactory(title="Tiểu học nghỉ học", levels=[first.levels.get()])
    assert any("Tiểu học nghỉ học" in title for title in banner(client, first.hostname))
    for school in schools:
        warm(client, school.hostname)
    second_key, second_warm = key(second.site), warm(client, second.hostname)
    department_key = key(Site.objects.get(is_default_site=True))
    alert.title = "Tiểu học nghỉ học cả ngày"
    alert.save()
    assert any("cả ngày" in title for title in banner(client, first.hostname))
    assert key(second.site) == second_key
    assert key(Site.objects.get(is_default_site=True)) == department_key
    assert queries(client, second.hostname) == second_warm
    assert banner(client, second.hostname) == []


def test_an_alert_appears_when_its_start_passes_and_goes_at_its_expiry(
    client, schools, monkeypatch
):
    first, _second = schools
    now = timezone.now()
    AlertFactory(title="Lịch thi", starts_at=now + HOUR, expires_at=now + 3 * HOUR)
    assert banner(client, first.hostname) == []
    warm(client, first.hostname)  # cached, with nothing in the banner
    monkeypatch.setattr(timezone, "now", lambda: now + 2 * HOUR)
    assert any("Lịch thi" in title for title in banner(client, first.hostname))
    monkeypatch.setattr(timezone, "now", lambda: now + 4 * HOUR)
    assert banner(client, first.hostname) == []


def test_a_settings_or_theme_edit_on_school_a_does_not_touch_school_b(client, schools):
    first, second = schools
    for school in schools:
        warm(client, school.hostname)
    second_key, second_warm = key(second.site), warm(client, second.hostname)
    settings = OrganisationSettings.for_site(first.site)
    settings.name = "Trường Tiểu học Nghĩa Lộ (đổi tên)"
    settings.save()
    assert "(đổi tên)" in page(client, first.hostname).select_one(".site-brand__name").text
    assert "(đổi tên)" not in page(client, second.hostname).select_one(".site-brand__name").text
    assert key(second.site) == second_key
    assert queries(client, second.hostname) == second_warm
    ThemeSettings.objects.update_or_create(site=first.site, defaults={"theme": "tre-xanh"})
    assert "theme-tre-xanh" in page(client, first.hostname).body["class"]
    assert "theme-tre-xanh" not in page(client, second.hostname).body["class"]


def test_a_menu_follows_the_page_it_links_to(client, home):
    about = factories.StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    NavigationSettings.objects.update_or_create(
        site=home.get_site(),
        defaults={"header_links": [("link", {"label": "Giới thiệu", "page": about, "url": ""})]},
    )
    warm(client, "localhost")
    about.slug = "gioi-thieu-chung"
    about.save_revision().publish()
    links = [a["href"] for a in page(client, "localhost").select(".site-nav a")]
    assert links == ["/gioi-thieu-chung/"]
    about.delete()
    links = [a["href"] for a in page(client, "localhost").select(".site-nav a")]
    assert links == [""]  # the entry stays, without an address, until an editor removes it


def test_a_school_menu_linking_a_department_page_follows_its_move(client, schools, home):
    first, second = schools
    services = factories.StandardPageFactory(parent=home, title="Dịch vụ công", slug="dich-vu")
    NavigationSettings.objects.update_or_create(
        site=first.site,
        defaults={
            "header_links": [("link", {"label": "Dịch vụ công", "page": services, "url": ""})]
        },
    )
    warm(client, first.hostname)
    second_key = key(second.site)
    about = factories.StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    services.move(about, pos="last-child")
    [link] = page(client, first.hostname).select(".site-nav a")
    assert link["href"].endswith("/gioi-thieu/dich-vu/")
    assert key(second.site) == second_key  # its menu does not link there


def test_a_new_site_address_is_served_at_once(client, schools):
    first, _second = schools
    warm(client, first.hostname)
    site = first.site
    site.hostname = "nghialo.example.edu.vn"
    site.save()
    brand = page(client, "nghialo.example.edu.vn").select_one(".site-brand__name").text
    assert "Nghĩa Lộ" in brand
    # The old address is no site any more: the portal's default site answers it.
    assert "Nghĩa Lộ" not in page(client, first.hostname).select_one(".site-brand__name").text


def test_the_home_listing_shows_a_new_article_on_the_next_request(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Bài cũ")
    warm(client, "localhost")
    article = factories.NewsArticlePageFactory(parent=news_index, title="Khai giảng năm học mới")
    article.save_revision().publish()
    titles = [a.get_text(strip=True) for a in page(client, "localhost").select(".card__title a")]
    assert "Khai giảng năm học mới" in titles
    article.unpublish()
    titles = [a.get_text(strip=True) for a in page(client, "localhost").select(".card__title a")]
    assert "Khai giảng năm học mới" not in titles


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_cache_every_page_reads_the_database_and_is_right(client, schools):
    first, second = schools
    assert banner(client, first.hostname) == []
    AlertFactory(title="Mất điện", school=first)
    settings = OrganisationSettings.for_site(second.site)
    settings.name = "THCS Cẩm Thành mới"
    settings.save()
    assert any("Mất điện" in title for title in banner(client, first.hostname))
    assert banner(client, second.hostname) == []
    assert (
        "THCS Cẩm Thành mới" in page(client, second.hostname).select_one(".site-brand__name").text
    )


def test_the_news_index_cards_follow_publishing_and_category_names(client, news_index):
    category = factories.NewsCategoryFactory(name="Tuyển sinh")
    for n in range(12):  # two pages of ten
        factories.NewsArticlePageFactory(parent=news_index, title=f"Bài {n}", categories=[category])
    first_page = [
        a.get_text(strip=True)
        for a in page(client, "localhost", news_index.url).select(".card__title a")
    ]
    second_page = [
        a.get_text(strip=True)
        for a in page(client, "localhost", news_index.url + "?page=2").select(".card__title a")
    ]
    assert len(first_page) == 10 and len(second_page) == 2
    assert not set(first_page) & set(second_page)  # each page of the list has its own fragment
    warm(client, "localhost", news_index.url)
    article = factories.NewsArticlePageFactory(
        parent=news_index, title="Lịch thi vào lớp 10", date=timezone.now() + HOUR
    )
    article.save_revision().publish()
    cards = page(client, "localhost", news_index.url).select(".card__title a")
    assert cards[0].get_text(strip=True) == "Lịch thi vào lớp 10"
    category.name = "Tuyển sinh đầu cấp"
    category.save()
    tags = [
        t.get_text(strip=True)
        for t in page(client, "localhost", news_index.url).select(".card .tag")
    ]
    assert "Tuyển sinh đầu cấp" in tags
    # The page count is read outside the fragment: a page beyond it is still a 404.
    assert client.get(news_index.url + "?page=3", HTTP_HOST="localhost").status_code == 404


def test_a_preview_is_never_cached_nor_served_from_the_cache(client, home):
    about = factories.StandardPageFactory(parent=home, title="Giới thiệu chung", slug="gioi-thieu")
    warm(client, "localhost", about.url)
    for draft in ("Bản nháp thứ nhất", "Bản nháp thứ hai"):
        about.title = draft
        preview = about.make_preview_request().content.decode()
        assert draft in preview
        assert "Giới thiệu chung" not in preview.split("<main", 1)[1]
    assert page(client, "localhost", about.url).h1.get_text(strip=True) == "Giới thiệu chung"


def test_an_article_shows_its_new_version_on_the_next_request(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index, title="Thông báo tuyển sinh")
    warm(client, "localhost", article.url)
    article.title = "Thông báo tuyển sinh (bổ sung)"
    article.intro = "Bổ sung lịch nộp hồ sơ."
    article.save_revision().publish()
    html = page(client, "localhost", article.url)
    assert html.h1.get_text(strip=True) == "Thông báo tuyển sinh (bổ sung)"
    assert "Bổ sung lịch nộp hồ sơ." in html.select_one(".lead").text
