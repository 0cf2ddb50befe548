from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.models import HandlingBody, ProcedureField, PublicHoliday


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


class ProcedureFieldViewSet(SnippetViewSet):
    model = ProcedureField
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class HandlingBodyViewSet(SnippetViewSet):
    model = HandlingBody
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ServicesReferenceGroup(SnippetViewSetGroup):
    items = (ProcedureFieldViewSet, HandlingBodyViewSet, PublicHolidayViewSet)
    menu_icon = "list-ul"
    menu_label = _("Online services data")
    menu_name = "services-reference"
    menu_order = 460


register_snippet(ServicesReferenceGroup)
