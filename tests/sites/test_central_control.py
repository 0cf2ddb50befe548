"""Central control of school sites: pushed announcements, the school home, the directory,
the "news from schools" roll-up, canonical URLs and per-site sitemaps."""

import datetime

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import factories as portal_factories
from portal.models import NewsIndexPage, OrganisationSettings
from sites import factories
from sites.models import School, SchoolHomePage
from sites.selectors import pushed_articles_for_school, school_site_port

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def count_queries(client, url, **extra):
    client.get(url, **extra)  # warm: settings rows and caches are created once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


def school_news_index(school):
    return NewsIndexPage.objects.child_of(school.home_page).get()


def add_school_news(school, count=1, **kwargs):
    index = school_news_index(school)
    return [portal_factories.NewsArticlePageFactory(parent=index, **kwargs) for _ in range(count)]


def push(news_index, *, levels=(), units=(), **kwargs):
    article = portal_factories.NewsArticlePageFactory(
        parent=news_index, push_to_schools=True, **kwargs
    )
    if levels or units:
        article.push_levels.set(levels)
        article.push_units.set(units)
        article.save()
    return article


@pytest.fixture
def geography(db):
    province = factories.AdministrativeUnitFactory(code="51", name="Quảng Ngãi", unit_type="Tỉnh")
    ward = factories.AdministrativeUnitFactory(
        code="21001", name="Cẩm Thành", unit_type="Phường", parent=province
    )
    commune = factories.AdministrativeUnitFactory(
        code="21002", name="Nghĩa Hành", unit_type="Xã", parent=province
    )
    return province, ward, commune


@pytest.fixture
def levels(db):
    return (
        factories.SchoolLevelFactory(code="C1", name="Tiểu học", sort_order=1),
        factories.SchoolLevelFactory(code="C2", name="Trung học cơ sở", sort_order=2),
    )


@pytest.fixture
def private_type(db):
    return factories.SchoolTypeFactory(code="tu-thuc", name="Tư thục")


@pytest.fixture
def schools(school_directory, geography, levels, private_type):
    """A primary school in a ward, a private lower-secondary school in a commune."""
    _, ward, commune = geography
    primary, lower = levels
    return (
        factories.provision_school(
            "Trường Tiểu học Nghĩa Lộ",
            "51000101",
            unit=ward,
            levels=[primary],
            address="12 Lê Lợi, phường Cẩm Thành",
            phone="0255 3822 111",
            email="thnghialo@quangngai.edu.vn",
            principal="Nguyễn Văn An",
        ),
        factories.provision_school(
            "Trường THCS Cẩm Thành",
            "51000201",
            unit=commune,
            levels=[lower],
            school_type=private_type,
        ),
    )


# Pushed announcements --------------------------------------------------------------------


def pushed_titles(school):
    return [article.title for article in pushed_articles_for_school(school=school, limit=10)]


def test_push_rules_by_level_unit_and_none(news_index, schools, geography, levels):
    province, ward, commune = geography
    primary_school, lower_school = schools
    primary, lower = levels
    push(news_index, title="Cho tất cả")
    push(news_index, title="Cho tiểu học", levels=[primary])
    push(news_index, title="Cho phường Cẩm Thành", units=[ward])
    push(news_index, title="Cho cả tỉnh", units=[province])
    push(news_index, title="Tiểu học ở xã", levels=[primary], units=[commune])
    push(news_index, title="Cho hai cấp", levels=[primary, lower])
    portal_factories.NewsArticlePageFactory(parent=news_index, title="Không đẩy")
    push(news_index, title="Bản nháp", live=False)

    assert set(pushed_titles(primary_school)) == {
        "Cho tất cả",
        "Cho tiểu học",
        "Cho phường Cẩm Thành",
        "Cho cả tỉnh",
        "Cho hai cấp",
    }
    assert set(pushed_titles(lower_school)) == {"Cho tất cả", "Cho cả tỉnh", "Cho hai cấp"}


def test_pushed_articles_are_newest_first_limited_and_distinct(news_index, schools, levels):
    now = timezone.now()
    for days in (3, 1, 2):
        push(
            news_index,
            title=f"Cách {days} ngày",
            levels=list(levels),
            date=now - datetime.timedelta(days=days),
        )
    articles = pushed_articles_for_school(school=schools[0], limit=2)
    assert [a.title for a in articles] == ["Cách 1 ngày", "Cách 2 ngày"]


def test_a_schools_own_article_is_never_a_department_announcement(news_index, schools):
    add_school_news(schools[1], title="Tin riêng của trường", push_to_schools=True)
    push(news_index, title="Của Sở")
    assert pushed_titles(schools[0]) == ["Của Sở"]


def test_no_school_no_announcements(school_directory):
    assert pushed_articles_for_school(school=None, limit=5) == []


# School home page ------------------------------------------------------------------------


def test_school_home_shows_news_announcements_contact_and_sections(client, news_index, schools):
    school = schools[0]
    add_school_news(school, title="Khai giảng năm học mới")
    add_school_news(schools[1], title="Tin của trường khác")
    announcement = push(news_index, title="Thông báo của Sở")
    OrganisationSettings.objects.filter(site=school.site).update(phone="0255 3999 999")

    html = soup(client.get("/", HTTP_HOST=school.hostname))
    news = html.select_one(".home-news").get_text()
    assert "Khai giảng năm học mới" in news
    assert "Tin của trường khác" not in news
    pushed = html.select_one(".school-pushed")
    link = pushed.find("a", string="Thông báo của Sở")
    assert link["href"] == f"http://localhost/tin-tuc/{announcement.slug}/"
    contact = html.select_one(".school-contact").get_text()
    assert "12 Lê Lợi, phường Cẩm Thành" in contact
    assert "0255 3999 999" in contact  # the site setting wins over the School record
    assert "thnghialo@quangngai.edu.vn" in contact
    assert "Nguyễn Văn An" in contact
    sections = [a.get_text() for a in html.select(".school-sections a")]
    assert "Giới thiệu" in sections
    assert "Liên hệ" in sections
    assert len(sections) == 10


def test_school_home_without_a_school_record_still_renders(client, schools):
    school = schools[0]
    School.objects.filter(pk=school.pk).update(home_page=None)
    response = client.get("/", HTTP_HOST=school.hostname)
    assert response.status_code == 200
    html = soup(response)
    assert html.select_one(".school-pushed")
    assert not html.select(".school-pushed li")
    assert not html.select_one(".school-contact")


def test_school_home_queries_do_not_grow_with_schools_or_announcements(
    client, news_index, schools, geography, levels
):
    school = schools[0]
    push(news_index, levels=[levels[0]], units=[geography[1]])
    add_school_news(school, 2)
    few = count_queries(client, "/", HTTP_HOST=school.hostname)
    for n in range(5):
        push(news_index, levels=list(levels), units=[geography[0]])
        factories.provision_school(f"Trường thêm {n}", f"5109{n:04d}")
    add_school_news(school, 3)
    assert count_queries(client, "/", HTTP_HOST=school.hostname) == few


# News from schools -------------------------------------------------------------------------


def rollup(client, directory, query=""):
    return client.get(f"{directory.url}tin-tuc/{query}")


def rollup_titles(response):
    return [a.get_text() for a in soup(response).select(".school-news__item .card__title a")]


def test_rollup_lists_school_news_newest_first_with_school_and_canonical_link(
    client, news_index, schools, school_directory
):
    now = timezone.now()
    older = add_school_news(schools[0], title="Tin cũ", date=now - datetime.timedelta(days=2))[0]
    add_school_news(schools[1], title="Tin mới", date=now - datetime.timedelta(days=1))
    add_school_news(schools[1], title="Bản nháp", live=False)
    push(news_index, title="Tin của Sở")

    response = rollup(client, school_directory)
    assert response.status_code == 200
    assert rollup_titles(response) == ["Tin mới", "Tin cũ"]
    item = soup(response).select(".school-news__item")[1]
    assert item.select_one(".school-news__school").get_text(strip=True) == schools[0].name
    assert (
        item.select_one(".card__title a")["href"]
        == f"http://{schools[0].hostname}/tin-tuc/{older.slug}/"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?unit=21001", ["Tin Nghĩa Lộ"]),
        ("?unit=51", ["Tin Cẩm Thành", "Tin Nghĩa Lộ"]),  # a province holds its wards
        ("?level=C2", ["Tin Cẩm Thành"]),
        ("?school_type=tu-thuc", ["Tin Cẩm Thành"]),
        ("?school=truong-tieu-hoc-nghia-lo", ["Tin Nghĩa Lộ"]),
        ("?level=C1&school_type=tu-thuc", []),
    ],
)
def test_rollup_filters_narrow_it(client, schools, school_directory, query, expected):
    now = timezone.now()
    add_school_news(schools[0], title="Tin Nghĩa Lộ", date=now - datetime.timedelta(days=2))
    add_school_news(schools[1], title="Tin Cẩm Thành", date=now - datetime.timedelta(days=1))
    response = rollup(client, school_directory, query)
    assert response.status_code == 200
    assert rollup_titles(response) == expected


def test_rollup_is_paginated(client, schools, school_directory):
    add_school_news(schools[0], 14)
    first = rollup(client, school_directory)
    second = rollup(client, school_directory, "?page=2")
    assert len(rollup_titles(first)) == 12
    assert len(rollup_titles(second)) == 2
    assert not set(rollup_titles(first)) & set(rollup_titles(second))
    assert (
        soup(second).find("link", rel="canonical")["href"].endswith("/truong-hoc/tin-tuc/?page=2")
    )
    assert rollup(client, school_directory, "?page=9").status_code == 404


@pytest.mark.parametrize("query", ["?unit=khong-co", "?school=khong-ton-tai"])
def test_rollup_bad_filters_are_a_400_not_a_crash(client, schools, school_directory, query):
    response = rollup(client, school_directory, query)
    assert response.status_code == 400
    assert soup(response).select_one(".form__error")


def test_a_nul_in_a_filter_is_refused_before_the_view(client, schools, school_directory):
    """portal.querystring's guard: a 400 page with the reason, never the database's error."""
    from django.utils.translation import gettext

    response = rollup(client, school_directory, "?level=%00")
    assert response.status_code == 400
    expected = gettext("The address contains characters that are not allowed.")
    assert expected in response.content.decode()


def test_rollup_queries_do_not_grow_with_schools_or_items(client, school_directory):
    def add(count, start):
        for n in range(start, start + count):
            school = factories.provision_school(f"Trường số {n}", f"5100{n:04d}")
            add_school_news(school, 2)

    add(2, 0)
    few = count_queries(client, f"{school_directory.url}tin-tuc/")
    add(10, 2)
    many = count_queries(client, f"{school_directory.url}tin-tuc/")
    assert many == few


# School directory ----------------------------------------------------------------------------


def directory_names(response):
    return [a.get_text() for a in soup(response).select(".school-card__name a")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Trường THCS Cẩm Thành", "Trường Tiểu học Nghĩa Lộ"]),
        ("?q=truong+thcs+cam+thanh", ["Trường THCS Cẩm Thành"]),
        ("?q=TRƯỜNG+THCS+CẨM+THÀNH", ["Trường THCS Cẩm Thành"]),
        ("?q=nghia+lo", ["Trường Tiểu học Nghĩa Lộ"]),
        ("?q=khong+co+truong+nay", []),
        ("?unit=21002", ["Trường THCS Cẩm Thành"]),
        ("?unit=51", ["Trường THCS Cẩm Thành", "Trường Tiểu học Nghĩa Lộ"]),
        ("?level=C1", ["Trường Tiểu học Nghĩa Lộ"]),
        ("?school_type=tu-thuc", ["Trường THCS Cẩm Thành"]),
        ("?school_type=tu-thuc&q=nghia", []),
    ],
)
def test_directory_filters_and_search(client, schools, school_directory, query, expected):
    response = client.get(f"{school_directory.url}{query}")
    assert response.status_code == 200
    assert directory_names(response) == expected


def test_directory_row_shows_address_levels_unit_and_site_link(client, schools, school_directory):
    html = soup(client.get(school_directory.url))
    card = html.select(".school-card")[1]
    text = card.get_text()
    assert "12 Lê Lợi, phường Cẩm Thành" in text
    assert "Tiểu học" in text
    assert "Phường Cẩm Thành" in text
    assert (
        card.select_one(".school-card__name a")["href"]
        == "http://truong-tieu-hoc-nghia-lo.localhost/"
    )
    # The form keeps its values (GET, no JavaScript needed).
    html = soup(client.get(f"{school_directory.url}?q=cam+thanh&level=C2"))
    assert html.select_one("form.filter-form")["method"] == "get"
    assert html.select_one("form.filter-form input[name=q]")["value"] == "cam thanh"
    assert (
        html.select_one("form.filter-form select[name=level]").find("option", selected=True)[
            "value"
        ]
        == "C2"
    )


@pytest.mark.parametrize(
    "query", ["?unit=999999", "?level=X9", "?school_type=%27%3B--", "?q=" + "a" * 101]
)
def test_directory_bad_input_is_a_400_not_a_crash(client, schools, school_directory, query):
    response = client.get(f"{school_directory.url}{query}")
    assert response.status_code == 400
    assert soup(response).select_one(".form__error")


def test_directory_is_paginated(client, school_directory):
    for n in range(22):
        factories.provision_school(f"Trường số {n:02d}", f"5100{n:04d}")
    first = directory_names(client.get(school_directory.url))
    second = directory_names(client.get(f"{school_directory.url}?page=2"))
    assert len(first) == 20
    assert len(second) == 2
    assert client.get(f"{school_directory.url}?page=abc").status_code == 404


def test_directory_queries_do_not_grow_with_schools(client, school_directory):
    for n in range(2):
        factories.provision_school(f"Trường số {n}", f"5100{n:04d}")
    few = count_queries(client, school_directory.url)
    for n in range(2, 12):
        factories.provision_school(f"Trường số {n}", f"5100{n:04d}")
    assert count_queries(client, school_directory.url) == few


# Canonical URLs, sitemaps, robots ------------------------------------------------------------


def canonical(response):
    return soup(response).find("link", rel="canonical")["href"]


def test_school_url_comes_from_its_site(schools):
    school = schools[0]
    assert school.url == "http://truong-tieu-hoc-nghia-lo.localhost/"
    school.site.port = 8000
    school.site.save()
    assert School.objects.select_related("site").get(pk=school.pk).url == (
        "http://truong-tieu-hoc-nghia-lo.localhost:8000/"
    )
    school.site.port = 443
    assert school.url == "https://truong-tieu-hoc-nghia-lo.localhost/"


def test_school_page_by_path_is_canonical_on_the_school_host(client, schools, school_directory):
    school = schools[0]
    article = add_school_news(school, title="Lễ khai giảng")[0]
    host_url = f"http://{school.hostname}/tin-tuc/{article.slug}/"

    by_path = client.get(f"/truong-hoc/{school.slug}/tin-tuc/{article.slug}/?utm_source=zalo")
    assert by_path.status_code == 200
    assert canonical(by_path) == host_url
    by_host = client.get(f"/tin-tuc/{article.slug}/", HTTP_HOST=school.hostname)
    assert canonical(by_host) == host_url
    home_by_path = client.get(f"/truong-hoc/{school.slug}/")
    assert canonical(home_by_path) == f"http://{school.hostname}/"
    # A sub-route of a routable page keeps its tail and the page number.
    listing = client.get(f"/truong-hoc/{school.slug}/tin-tuc/rss/")
    assert listing.status_code == 200
    index_page_2 = client.get(f"/truong-hoc/{school.slug}/tin-tuc/?page=1&x=y")
    assert canonical(index_page_2) == f"http://{school.hostname}/tin-tuc/"
    # The portal's own pages keep the portal's address.
    assert canonical(client.get(f"{school_directory.url}?q=abc")) == "http://testserver/truong-hoc/"


def test_school_host_sitemap_and_robots_list_only_that_school(client, news_index, schools):
    first, second = schools
    mine = add_school_news(first, title="Tin trường một")[0]
    add_school_news(second, title="Tin trường hai")
    department = portal_factories.NewsArticlePageFactory(parent=news_index, title="Tin Sở")

    response = client.get("/sitemap.xml", HTTP_HOST=first.hostname)
    assert response.status_code == 200
    urls = {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", SITEMAP_NS)}
    assert f"http://{first.hostname}/" in urls
    assert f"http://{first.hostname}/tin-tuc/{mine.slug}/" in urls
    assert all(url.startswith(f"http://{first.hostname}/") for url in urls)
    assert not any(second.slug in url or department.slug in url for url in urls)

    robots = client.get("/robots.txt", HTTP_HOST=first.hostname).content.decode()
    assert f"Sitemap: http://{first.hostname}/sitemap.xml" in robots


def test_school_site_on_a_development_port(client, schools, settings):
    """A Site with the dev port answers <slug>.localhost:8000 and links to it."""
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8000"
    assert school_site_port() == 8000
    settings.WAGTAILADMIN_BASE_URL = "https://sogd.example.edu.vn"
    assert school_site_port() == 443
    school = schools[0]
    school.site.port = 8000
    school.site.save()
    response = client.get("/", HTTP_HOST=f"{school.hostname}:8000", SERVER_PORT="8000")
    assert response.status_code == 200
    assert canonical(response) == f"http://{school.hostname}:8000/"
    # A port-80 Site is still found for a request on port 8000 (unique host-name match).
    school.site.port = 80
    school.site.save()
    response = client.get("/", HTTP_HOST=f"{schools[1].hostname}:8000", SERVER_PORT="8000")
    assert response.status_code == 200
    assert isinstance(response.context["page"], SchoolHomePage)
    assert response.context["page"].pk == schools[1].home_page_id


def test_portal_sitemap_leaves_school_pages_to_their_own_sites(rf, news_index, schools):
    from wagtail.contrib.sitemaps.views import sitemap

    from sites.sitemaps import SiteScopedSitemap

    school = schools[0]
    article = add_school_news(school, title="Tin trường")[0]
    department = portal_factories.NewsArticlePageFactory(parent=news_index, title="Tin Sở")

    def locations(host):
        request = rf.get("/sitemap.xml", HTTP_HOST=host)
        response = sitemap(request, sitemaps={"wagtail": SiteScopedSitemap})
        response.render()
        root = ET.fromstring(response.content)
        return {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}

    portal = locations("localhost")
    assert f"http://localhost/tin-tuc/{department.slug}/" in portal
    assert "http://localhost/truong-hoc/" in portal
    assert not any(school.slug in url for url in portal)
    own = locations(school.hostname)
    assert f"http://{school.hostname}/tin-tuc/{article.slug}/" in own
    assert not any(department.slug in url for url in own)
