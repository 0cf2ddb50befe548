from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from applications.viewsets import PublicHolidayViewSet
from procedures.models import HandlingBody, ProcedureField


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
