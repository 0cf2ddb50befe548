"""Wagtail hooks: fleet (the "Fleet" dashboard of every school site, for the department)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.views import fleet as views


@hooks.register("register_admin_urls")
def register_fleet_urls():
    return [path("fleet/", views.fleet_view, name="school_sites_fleet")]


class FleetMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_fleet(request.user)


@hooks.register("register_admin_menu_item")
def register_fleet_menu_item():
    return FleetMenuItem(
        _("Fleet"),
        reverse("school_sites_fleet"),
        name="school-fleet",
        icon_name="tasks",
        order=260,
    )


def _install_fast_reviewable_by():
    """Replace Wagtail's `TaskState.objects.reviewable_by` (used by the dashboard's "awaiting
    your review" panel and both workflow reports) with sites.fleet.task_states_reviewable_by,
    which returns the same task states without one query and one queryset OR per school task.
    Done only while GroupApprovalTask keeps Wagtail's own moderation rule."""
    from wagtail.models import GroupApprovalTask
    from wagtail.models.workflows import AbstractGroupApprovalTask, BaseTaskStateManager

    from sites.fleet import task_states_reviewable_by

    rule = GroupApprovalTask.get_task_states_user_can_moderate
    if rule is not AbstractGroupApprovalTask.get_task_states_user_can_moderate:
        return

    def reviewable_by(self, user):
        return task_states_reviewable_by(user=user)

    if not hasattr(BaseTaskStateManager, "wagtail_reviewable_by"):
        BaseTaskStateManager.wagtail_reviewable_by = BaseTaskStateManager.reviewable_by
    BaseTaskStateManager.reviewable_by = reviewable_by


_install_fast_reviewable_by()
