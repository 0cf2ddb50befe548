"""Markup the validators check (axe-core, the Nu HTML Checker), caught at render time: images
in galleries and image blocks have alt text, `<time datetime>` values are valid HTML dates
(no microseconds), and headings do not skip a level."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from portal import factories

VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:?\d\d)?)?$")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def articles(news_index):
    image = factories.ImageFactory(title="Lễ khai giảng")
    now = timezone.now().replace(microsecond=123456)
    return [
        factories.NewsArticlePageFactory(
            parent=news_index,
            title=f"Bản tin {number}",
            date=now,
            main_image=image,
            body=[
                ("image", {"image": image, "caption": ""}),
                ("gallery", {"title": "Ảnh", "images": [{"image": image, "caption": "Ảnh 1"}]}),
            ],
        )
        for number in (1, 2)
    ]


def test_block_images_have_alt_text(client, articles):
    html = soup(client.get(articles[0].url))
    images = html.select(".block-gallery img, .block-image img")
    assert len(images) == 2
    assert [image.get("alt") for image in images] == ["Lễ khai giảng", "Lễ khai giảng"]


def test_time_elements_have_valid_datetimes(client, articles, news_index):
    for url in (articles[0].url, news_index.url, "/"):
        times = soup(client.get(url)).find_all("time")
        assert times, url
        assert [t["datetime"] for t in times if not VALID_DATETIME.match(t["datetime"])] == []


def heading_levels(html):
    return [int(tag.name[1]) for tag in html.find_all(re.compile(r"^h[1-6]$"))]


@pytest.mark.parametrize("path", ["news", "home"])
def test_headings_do_not_skip_a_level(client, articles, news_index, path):
    html = soup(client.get(news_index.url if path == "news" else "/"))
    main = html.find("main") or html
    levels = heading_levels(main)
    assert levels[0] == 1
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert skips == []
