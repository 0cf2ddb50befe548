"""Who manages which admission plans.

Department users (superusers, and staff holding the plan model permissions who belong to no
school group) manage every plan and approve them: approving publishes. A school's staff (its
editors and moderators) add and edit their own school's plans and submit them to the
department's approval workflow; they can never publish one themselves.
"""

from portal.access import staff_access
from sites.permissions import SchoolScopedPermissionPolicy

SCHOOL_ACTIONS = ("add", "change", "view", "lock", "unlock")


def own_school_ids(user):
    return staff_access(user).school_ids


class PlanPermissionPolicy(SchoolScopedPermissionPolicy):
    def __init__(self, model):
        super().__init__(model, school_actions=SCHOOL_ACTIONS, school_ids=own_school_ids)
