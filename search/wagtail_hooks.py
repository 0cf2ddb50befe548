"""Admin: a report of popular and zero-result public searches (no personal data)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.views_admin import SearchQueriesReportView


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [
        path(
            "reports/search-queries/",
            SearchQueriesReportView.as_view(),
            name="search_queries_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return MenuItem(
        _("Public searches"),
        reverse("search_queries_report"),
        icon_name="search",
        order=900,
    )
