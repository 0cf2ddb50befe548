"""The page explorer of the school directory, fit for some 900 school home pages.

Wagtail lets a page type bring its own listing view (a PageViewSet whose `parent_models` are
the page types that only hold it): this one is used when a department administrator explores
the children of the school directory. Wagtail's listing offers a "Site" filter with one
checkbox per Site — 900 of them here, a third of the page's time and half its HTML — which is
useless under the directory, where every child is the root of its own site. This listing
drops that filter; the explorer's search box finds a school by name.
"""

from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet

from sites.models import SchoolHomePage


class SchoolHomeFilterSet(GenericPageFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("site", None)


class SchoolHomePageViewSet(PageViewSet):
    model = SchoolHomePage
    filterset_class = SchoolHomeFilterSet


school_home_page_viewset = SchoolHomePageViewSet("school_home_pages")
