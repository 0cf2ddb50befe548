from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from portal.blocks import quick_link_blocks
from portal.models.base import PortalPage
from portal.models.news import NewsArticlePage, article_listing

LEAD_NEWS_COUNT = 5
ANNOUNCEMENT_COUNT = 6


class HomePage(PortalPage):
    """The department's home page: lead news, announcements, quick links and its sections."""

    intro = models.TextField(_("introduction"), blank=True)
    quick_links = StreamField(quick_link_blocks(), verbose_name=_("quick links"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("quick_links")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("department home page")
        verbose_name_plural = _("department home pages")

    def site_articles(self):
        return article_listing(NewsArticlePage.objects.descendant_of(self))

    def listings(self) -> dict:
        """The lead article, the latest and the announcements: three queries' worth each."""
        articles = self.site_articles()
        featured = list(articles.filter(featured=True)[:1])
        lead = featured[0] if featured else None
        others = articles.exclude(pk=lead.pk) if lead else articles
        return {
            "lead_article": lead,
            "latest_articles": list(others[: LEAD_NEWS_COUNT - (1 if lead else 0)]),
            "announcements": list(
                self.site_articles().filter(announcement=True)[:ANNOUNCEMENT_COUNT]
            ),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template caches the listings' fragment by the site's content generation
        # (bumped by every publish in the site), and reads them only when it is not cached.
        memo = {}

        def listing(name):
            if not memo:
                memo.update(self.listings())
            return memo[name]

        for name in ("lead_article", "latest_articles", "announcements"):
            context[name] = SimpleLazyObject(lambda name=name: listing(name))
        # Every published section, one click from home, whatever the menus hold.
        context["sections"] = self.get_children().live().public().only("title", "url_path")
        context["listing_version"] = context["content_version"]
        return context
