"""Who manages which alerts.

Department users (superusers, and staff holding the alerts model permissions who belong to no
school group) manage every alert. A school's moderators manage their own school's alerts and
nothing else, whatever model permissions they hold; a school's editors manage none.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from portal.access import staff_access
from sites.permissions import school_scope_for_user

SCHOOL_ACTIONS = ("add", "change", "delete", "view")


def moderated_school_ids(user):
    """The ids of the schools whose moderators group the user belongs to (portal.access)."""
    return staff_access(user).moderated_school_ids


def is_school_user(user):
    return school_scope_for_user(user).restricted


class AlertPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if is_school_user(user):
            return action in SCHOOL_ACTIONS and bool(moderated_school_ids(user))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if is_school_user(user):
            return action in SCHOOL_ACTIONS and instance.school_id in moderated_school_ids(user)
        return super().user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_school_user(user):
            if not set(actions) & set(SCHOOL_ACTIONS):
                return self.model._default_manager.none()
            return self.model._default_manager.filter(school_id__in=moderated_school_ids(user))
        return super().instances_user_has_any_permission_for(user, actions)


def alerts_for_user(user, queryset):
    """The alerts a user may see in the admin: their schools' for school moderators."""
    if is_school_user(user):
        return queryset.filter(school_id__in=moderated_school_ids(user))
    return queryset
