"""The page tree can only be built the way the portal expects."""

import pytest
from wagtail.models import Page

from portal import factories
from portal.models import (
    ContactPage,
    HomePage,
    NewsArticlePage,
    NewsIndexPage,
    StandardPage,
)


@pytest.mark.django_db
def test_home_page_only_at_the_root_and_only_once(home):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)  # max_count reached
    assert not HomePage.can_exist_under(home)
    assert HomePage.max_count == 1


@pytest.mark.parametrize(
    ("page_class", "allowed"),
    [
        (NewsIndexPage, True),
        (StandardPage, True),
        (ContactPage, True),
        (NewsArticlePage, False),
    ],
)
def test_what_the_home_page_can_hold(home, page_class, allowed):
    assert page_class.can_create_at(home) is allowed


def test_news_index_holds_only_articles(news_index):
    assert NewsArticlePage.can_create_at(news_index)
    for other in (StandardPage, ContactPage, NewsIndexPage, HomePage):
        assert not other.can_create_at(news_index)


def test_articles_have_no_children(news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    for page_class in (NewsArticlePage, StandardPage, ContactPage, NewsIndexPage):
        assert not page_class.can_create_at(article)


def test_standard_pages_nest_and_hold_a_contact_page(home):
    about = factories.StandardPageFactory(parent=home)
    assert StandardPage.can_create_at(about)
    assert ContactPage.can_create_at(about)
    assert not NewsIndexPage.can_create_at(about)
    assert not NewsArticlePage.can_create_at(about)


def test_contact_page_has_no_children(contact_page):
    assert not StandardPage.can_create_at(contact_page)
