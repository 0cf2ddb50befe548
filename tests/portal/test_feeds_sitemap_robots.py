import pytest
from defusedxml import ElementTree as ET

from portal import factories
from portal.feeds import FEED_SIZE
from portal.models import NewsArticlePage


@pytest.fixture
def articles(news_index):
    category = factories.NewsCategoryFactory(name="Thi cử", slug="thi-cu")
    published = [
        factories.NewsArticlePageFactory(parent=news_index, title=f"Tin {n}", categories=[category])
        for n in range(3)
    ]
    draft = factories.NewsArticlePageFactory(parent=news_index, title="Bản nháp", live=False)
    return published, draft


def test_rss_lists_live_articles_newest_first(client, news_index, articles):
    published, draft = articles
    response = client.get(f"{news_index.url}rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Tin 0", "Tin 1", "Tin 2"]
    first = channel.find("item")
    # Links use the site's own host name, whatever host the feed was fetched on.
    assert first.findtext("link") == f"http://localhost{published[0].url}"
    assert first.findtext("category") == "Thi cử"


def test_rss_channel_is_named_after_its_site(client, news_index, articles):
    """Every school's news index is "Tin tức": the feed's title says whose it is."""
    channel = ET.fromstring(client.get(f"{news_index.url}rss/").content).find("channel")
    assert channel.findtext("title") == f"{news_index.title} – Sở GDĐT"


def test_rss_is_capped(client, news_index):
    for n in range(FEED_SIZE + 2):
        factories.NewsArticlePageFactory(parent=news_index, title=f"Tin {n}")
    channel = ET.fromstring(client.get(f"{news_index.url}rss/").content).find("channel")
    assert len(channel.findall("item")) == FEED_SIZE


def test_sitemap_lists_live_pages_only(client, news_index, articles):
    published, draft = articles
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)}
    assert f"http://localhost{published[0].url}" in urls
    assert f"http://localhost{news_index.url}" in urls
    assert not any(draft.slug in url for url in urls)


def test_robots_points_to_the_sites_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://localhost/sitemap.xml" in body


def test_news_index_paginates_and_filters(client, news_index):
    exam = factories.NewsCategoryFactory(name="Thi cử", slug="thi-cu")
    for n in range(12):
        factories.NewsArticlePageFactory(
            parent=news_index, title=f"Bài {n:02d}", categories=[exam] if n % 3 == 0 else []
        )
    first = client.get(news_index.url)
    assert first.status_code == 200
    assert len(first.context["articles"]) == 10
    second = client.get(news_index.url, {"page": 2})
    assert [a.title for a in second.context["articles"]] == ["Bài 10", "Bài 11"]
    assert client.get(news_index.url, {"page": 3}).status_code == 404
    assert client.get(news_index.url, {"page": "abc"}).status_code == 404
    filtered = client.get(f"{news_index.url}chuyen-muc/thi-cu/")
    assert [a.title for a in filtered.context["articles"]] == [
        "Bài 00",
        "Bài 03",
        "Bài 06",
        "Bài 09",
    ]
    assert client.get(f"{news_index.url}chuyen-muc/khong-co/").status_code == 404


def test_tag_listing(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Có thẻ", tag_names=["tuyển sinh"])
    factories.NewsArticlePageFactory(parent=news_index, title="Không thẻ")
    response = client.get(f"{news_index.url}the/tuyen-sinh/")
    assert [a.title for a in response.context["articles"]] == ["Có thẻ"]
    assert NewsArticlePage.objects.count() == 2
