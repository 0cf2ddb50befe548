from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

FEED_SIZE = 20


class NewsFeed(Feed):
    """RSS 2.0 of a news index's latest articles."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        """ "Tin tức – <site>": every school's news index is called "Tin tức", and a feed
        reader lists feeds by this title."""
        site = Site.find_for_request(self.request)
        name = site.site_name if site is not None else ""
        return f"{self.index_page.title} – {name}" if name else self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro or self.index_page.title

    def items(self):
        return self.index_page.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.date

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]
