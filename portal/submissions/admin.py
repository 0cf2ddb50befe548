"""The admin side of moderated submissions: who may moderate what, and the queue's ViewSet.

A user moderates the submissions sent from the pages they may publish: a school's
moderators those of their school (their publish permission is rooted at the school home),
department staff with publish permission on the portal those of the department and its
schools, superusers everything. School editors, who cannot publish, do not see the queue.
Each view that takes an id answers 404 for a submission outside the user's scope.
"""

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from portal import access
from portal.access import staff_access
from portal.spreadsheets import FormulaSafeExportMixin
from portal.submissions.models import SubmissionStatus
from portal.submissions.services import submission_transition, transition_problem

MODERATED_ACTIONS = {"view", "change", "delete", "export"}
PUBLISH_PAGE = "publish_page"


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    actions.register_action("portal.submission.publish", _("Publish"), _("Published"))
    actions.register_action("portal.submission.reject", _("Reject"), _("Rejected"))


def moderated_page_paths(user):
    """Tree paths under which `user` moderates: None for everything, () for nothing."""
    access = staff_access(user)
    if not access.active:
        return ()
    if access.everything:
        return None
    return access.publish_paths


def submissions_moderated_by(user, queryset):
    """`queryset` narrowed to the submissions `user` may moderate."""
    paths = moderated_page_paths(user)
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    query = Q()
    for path in paths:
        query |= Q(page__path__startswith=path)
    return queryset.filter(query)


class SubmissionPermissionPolicy(BasePermissionPolicy):
    """Moderation follows page publish permissions; nobody adds submissions in the admin."""

    def user_has_permission(self, user, action):
        if action not in MODERATED_ACTIONS:
            return False
        return moderated_page_paths(user) != ()

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in MODERATED_ACTIONS:
            return False
        paths = moderated_page_paths(user)
        if paths is None:
            return True
        return bool(paths) and instance.page.path.startswith(paths)

    def instances_user_has_any_permission_for(self, user, actions):
        if not MODERATED_ACTIONS & set(actions):
            return self.model._default_manager.none()
        return submissions_moderated_by(user, self.model._default_manager.all())

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model()._default_manager.filter(is_active=True)
        if not MODERATED_ACTIONS & set(actions):
            return users.none()
        groups = GroupPagePermission.objects.filter(permission__codename=PUBLISH_PAGE).values_list(
            "group", flat=True
        )
        return users.filter(Q(is_superuser=True) | Q(groups__in=groups)).distinct()


class ModerationForm(WagtailAdminModelForm):
    """The staff form: the concrete model's fields plus a moderation decision."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("No change of status")),
            (SubmissionStatus.PUBLISHED, _("Publish")),
            (SubmissionStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the edited values
        decision = self.cleaned_data.get("decision")
        if decision:
            problem = transition_problem(submission=self.instance, status=decision)
            if problem:
                self.add_error("decision", problem)


class ScopedObjectMixin(access.ScopedObjectMixin):
    """404 for an object outside what the user moderates, whatever view loads it."""

    def in_scope(self, obj):
        scoped = submissions_moderated_by(self.request.user, type(obj)._default_manager)
        return scoped.filter(pk=obj.pk).exists()


class SubmissionIndexView(FormulaSafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return submissions_moderated_by(
            self.request.user, super().get_base_queryset().select_related("page")
        )


class SubmissionEditView(ScopedObjectMixin, generic.EditView):
    moderate = None  # the viewset's `moderate`, passed in by SubmissionViewSet

    @transaction.atomic
    def save_instance(self):
        instance = super().save_instance()
        decision = self.form.cleaned_data.get("decision")
        if decision:
            self.moderate(submission=instance, status=decision, user=self.request.user)
        return instance


class SubmissionDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class SubmissionInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class SubmissionHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class SubmissionUsageView(ScopedObjectMixin, usage.UsageView):
    pass


def register_submission_model(model):
    """Let `model`'s moderation follow page publish permissions (call from wagtail_hooks)."""
    register_permission_policy(model, SubmissionPermissionPolicy(model), exact_class=True)


class SubmissionViewSet(ModelViewSet):
    """The moderation queue of one kind of submission, with CSV export for staff.

    Register the model with `register_submission_model` first.

    Concrete viewsets set `model`, `panels` (or `form_fields`), `list_display` and
    `list_export`, and may override `moderate` to add side effects (notifications, search).
    """

    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_filter = ["status"]
    list_per_page = 30
    ordering = ["-created_at"]
    base_form_class = ModerationForm

    index_view_class = SubmissionIndexView
    edit_view_class = SubmissionEditView
    delete_view_class = SubmissionDeleteView
    inspect_view_class = SubmissionInspectView
    history_view_class = SubmissionHistoryView
    usage_view_class = SubmissionUsageView

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(
            self.model
        )

    def moderate(self, *, submission, status, user):
        return submission_transition(submission=submission, status=status, user=user)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(moderate=self.moderate, **kwargs)
