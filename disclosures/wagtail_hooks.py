"""Disclosure categories and their schedule: department data, managed by department staff
(school groups hold no permission on them; they only choose one on a disclosure)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosures.models import DisclosureCategory


class DisclosureCategoryViewSet(SnippetViewSet):
    model = DisclosureCategory
    icon = "list-ul"
    menu_label = _("Disclosure categories")
    list_display = ["name", "due_day", "due_month", "display_days"]
    ordering = ["sort_order", "name"]


register_snippet(DisclosureCategoryViewSet)
