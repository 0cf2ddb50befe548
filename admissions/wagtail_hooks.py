"""The admissions admin: plans as snippets under the department's approval workflow.

Wagtail's snippet views look objects up by id on the whole table; every view that takes an id
is narrowed to what the user may reach (404 otherwise), as the listing is.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from admissions.admin_forms import AdmissionPlanForm
from admissions.models import AdmissionPlan
from admissions.permissions import PlanPermissionPolicy
from portal.access import ScopedObjectMixin

policy = PlanPermissionPolicy(AdmissionPlan)
register_permission_policy(AdmissionPlan, policy)


class ReachablePlanMixin(ScopedObjectMixin):
    def in_scope(self, obj):
        return policy.user_has_any_permission_for_instance(
            self.request.user, ["view", "change", "delete"], obj
        )


def _scoped(view_class):
    return type(view_class.__name__, (ReachablePlanMixin, view_class), {})


class PlanFilterSet(WagtailFilterSet):
    class Meta:
        model = AdmissionPlan
        fields = ["round", "live"]


class AdmissionPlanViewSet(SnippetViewSet):
    model = AdmissionPlan
    icon = "clipboard-list"
    menu_label = _("Admission plans")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        Column("school", label=_("school")),
        Column("round", label=_("admission round")),
        Column("quota", label=_("quota (chỉ tiêu)")),
        "status_string",
    ]
    filterset_class = PlanFilterSet
    ordering = ["round", "school__name"]

    edit_handler = ObjectList(AdmissionPlan.panels, base_form_class=AdmissionPlanForm)

    def get_queryset(self, request):
        return policy.scoped(
            request.user, AdmissionPlan.objects.select_related("school", "round")
        ).prefetch_related("programmes")


# Every view of one plan (edit, delete, history, revisions, lock, workflow actions, …).
UNSCOPED = {"index_view_class", "add_view_class", "preview_on_add_view_class", "reorder_view_class"}
for _name in dir(SnippetViewSet):
    _view = getattr(SnippetViewSet, _name)
    if _name.endswith("_view_class") and _name not in UNSCOPED and hasattr(_view, "get_object"):
        setattr(AdmissionPlanViewSet, _name, _scoped(_view))

register_snippet(AdmissionPlanViewSet)

# The rest of the admissions back office (admissions/admin/).
from admissions.admin import dashboard, pupils  # noqa: E402, F401
