from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from calendars.models import BridgePoint


class BridgePointViewSet(SnippetViewSet):
    """The online meeting system's bridge points, managed by the department (school groups
    hold no permission on them; they only pick them on a meeting page)."""

    model = BridgePoint
    icon = "site"
    menu_label = _("Bridge points")
    add_to_admin_menu = True
    menu_order = 450
    list_display = ["name", "code", "is_main", "school", "active"]
    list_filter = ["is_main", "active"]
    search_fields = ["name", "code"]
    ordering = ["-is_main", "sort_order", "name"]

    def get_queryset(self, request):
        return BridgePoint.objects.select_related("school")


register_snippet(BridgePointViewSet)
