from portal.models.base import PortalPage
from portal.models.contact import ContactFormField, ContactPage
from portal.models.home import HomePage
from portal.models.navigation import NavigationSettings, OrganisationSettings
from portal.models.news import NewsArticlePage, NewsArticleTag, NewsCategory, NewsIndexPage, NewsTag
from portal.models.standard import StandardPage

__all__ = [
    "ContactFormField",
    "ContactPage",
    "HomePage",
    "NavigationSettings",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsCategory",
    "NewsIndexPage",
    "NewsTag",
    "OrganisationSettings",
    "PortalPage",
    "StandardPage",
]
