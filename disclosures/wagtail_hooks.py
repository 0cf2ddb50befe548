"""Disclosure categories and their schedule: department data, managed by department staff
(school groups hold no permission on them; they only choose one on a disclosure)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosures.models import DisclosureCategory, DisclosurePage
from disclosures.rules import disclosure_may_be_withdrawn, display_period_end


class DisclosureCategoryViewSet(SnippetViewSet):
    model = DisclosureCategory
    icon = "list-ul"
    menu_label = _("Disclosure categories")
    list_display = ["name", "due_day", "due_month", "display_days"]
    ordering = ["sort_order", "name"]


register_snippet(DisclosureCategoryViewSet)


def _refuse_early_withdrawal(request, page):
    """Unpublishing or deleting a disclosure inside its display period goes back to the
    editor with a message (Wagtail runs these hooks before acting)."""
    if not issubclass(page.specific_class or type(page), DisclosurePage):
        return None
    page = page.specific
    if disclosure_may_be_withdrawn(page=page, user=request.user):
        return None
    end = timezone.localtime(display_period_end(page=page))
    messages.error(
        request,
        gettext(
            "This disclosure must stay published until %(date)s (the minimum display period "
            "of its category)."
        )
        % {"date": formats.date_format(end, "SHORT_DATE_FORMAT")},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


hooks.register("before_unpublish_page", _refuse_early_withdrawal)
hooks.register("before_delete_page", _refuse_early_withdrawal)
