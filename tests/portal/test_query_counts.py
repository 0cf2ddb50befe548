"""A page's query count must not grow with the number of items it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import factories


def count_queries(client, url):
    client.get(url)  # warm: renditions, settings rows and caches are created once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_articles(news_index, count, image, categories):
    for _ in range(count):
        factories.NewsArticlePageFactory(
            parent=news_index,
            main_image=image,
            categories=categories,
            featured=True,
            announcement=True,
        )


@pytest.fixture
def listing_inputs(news_index):
    image = factories.ImageFactory()
    categories = [factories.NewsCategoryFactory(), factories.NewsCategoryFactory()]
    return news_index, image, categories


@pytest.mark.parametrize("url_of", [lambda index: "/", lambda index: index.url])
def test_listing_pages_do_not_grow_with_their_items(client, listing_inputs, url_of):
    news_index, image, categories = listing_inputs
    add_articles(news_index, 2, image, categories)
    few = count_queries(client, url_of(news_index))
    add_articles(news_index, 8, image, categories)
    many = count_queries(client, url_of(news_index))
    assert many == few


def test_article_does_not_grow_with_categories_and_tags(client, news_index):
    article = factories.NewsArticlePageFactory(
        parent=news_index, categories=[factories.NewsCategoryFactory()], tag_names=["một"]
    )
    few = count_queries(client, article.url)
    article.categories.add(*[factories.NewsCategoryFactory() for _ in range(5)])
    article.tags.add("hai", "ba", "bốn", "năm")
    article.save()
    assert count_queries(client, article.url) == few
