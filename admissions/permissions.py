"""Who manages which admission plans.

Department users (superusers, and staff holding the plan model permissions who belong to no
school group) manage every plan and approve them: approving publishes. A school's staff (its
editors and moderators) add and edit their own school's plans and submit them to the
department's approval workflow; they can never publish one themselves.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.access import staff_access
from sites.permissions import school_scope_for_user

SCHOOL_ACTIONS = ("add", "change", "view", "lock", "unlock")


def is_school_user(user):
    return school_scope_for_user(user).restricted


def own_school_ids(user):
    return staff_access(user).school_ids


class PlanPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if is_school_user(user):
            return action in SCHOOL_ACTIONS and bool(own_school_ids(user))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if is_school_user(user):
            return action in SCHOOL_ACTIONS and instance.school_id in own_school_ids(user)
        return super().user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_school_user(user):
            if not set(actions) & set(SCHOOL_ACTIONS):
                return self.model._default_manager.none()
            return self.model._default_manager.filter(school_id__in=own_school_ids(user))
        return super().instances_user_has_any_permission_for(user, actions)


def plans_for_user(user, queryset):
    if is_school_user(user):
        return queryset.filter(school_id__in=own_school_ids(user))
    return queryset
