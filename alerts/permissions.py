"""Who manages which alerts.

Department users (superusers, and staff holding the alerts model permissions who belong to no
school group) manage every alert. A school's moderators manage their own school's alerts and
nothing else, whatever model permissions they hold; a school's editors manage none.
"""

from portal.access import staff_access
from sites.permissions import SchoolScopedPermissionPolicy, school_scope_for_user

SCHOOL_ACTIONS = ("add", "change", "delete", "view")


def moderated_school_ids(user):
    """The ids of the schools whose moderators group the user belongs to (portal.access)."""
    return staff_access(user).moderated_school_ids


def is_school_user(user):
    return school_scope_for_user(user).restricted


class AlertPermissionPolicy(SchoolScopedPermissionPolicy):
    def __init__(self, model):
        super().__init__(model, school_actions=SCHOOL_ACTIONS, school_ids=moderated_school_ids)


def alerts_for_user(user, queryset):
    """The alerts a user may see in the admin: their schools' for school moderators."""
    if is_school_user(user):
        return queryset.filter(school_id__in=moderated_school_ids(user))
    return queryset
