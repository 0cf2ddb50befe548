"""The alerts admin: department users manage every alert, a school's moderators their own.

Wagtail's snippet views look objects up by id on the whole table and check model-level
permissions only; every view that takes an id is narrowed here to what the user may reach
(404 otherwise), as the listing is.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from alerts.models import Alert
from alerts.permissions import AlertPermissionPolicy, alerts_for_user
from portal.access import ScopedObjectMixin

policy = AlertPermissionPolicy(Alert)
register_permission_policy(Alert, policy)


class ReachableObjectMixin(ScopedObjectMixin):
    def in_scope(self, obj):
        return policy.user_has_any_permission_for_instance(
            self.request.user, ["view", "change", "delete"], obj
        )


def _scoped(view_class):
    return type(view_class.__name__, (ReachableObjectMixin, view_class), {})


class AlertFilterSet(WagtailFilterSet):
    class Meta:
        model = Alert
        fields = ["severity"]


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = _("Alerts")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("severity", accessor="get_severity_display", label=_("severity")),
        "starts_at",
        "expires_at",
        Column("scope_label", label=_("Set by")),
    ]
    filterset_class = AlertFilterSet
    ordering = ["-starts_at", "-pk"]

    edit_view_class = _scoped(snippets.EditView)
    delete_view_class = _scoped(snippets.DeleteView)
    copy_view_class = _scoped(snippets.CopyView)
    usage_view_class = _scoped(snippets.UsageView)
    history_view_class = _scoped(snippets.HistoryView)
    inspect_view_class = _scoped(snippets.InspectView)

    def get_queryset(self, request):
        return alerts_for_user(request.user, Alert.objects.select_related("school"))


register_snippet(AlertViewSet)
