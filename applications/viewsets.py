"""Admin viewsets of the engine's own data, grouped into menus by its clients."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from applications.models import PublicHoliday


class PublicHolidayViewSet(SnippetViewSet):
    """The holiday calendar the deadlines are counted on: department admins add each year's
    Tết and compensatory days when the government announces them."""

    model = PublicHoliday
    icon = "date"
    menu_label = _("Public holidays")
    list_display = ["date", "name"]
    list_filter = {"date": ["year"]}
    search_fields = ["name"]
    ordering = ["-date"]
