"""Who must use two-factor sign-in, who may reset it, who reads the sign-in audit.

- **Department administrators**: superusers, and the department staff who may provision schools
  (sites: `school_sites.add_school`) or manage staff accounts (`auth.change_user`).
- **Applications**: everyone the applications back office lets in
  (`applications.permissions.can_use_back_office`: the offices that process a kind of case and
  the staff of schools that receive applications), since applications hold personal data.

With TWO_FACTOR_REQUIRED on (production), both must enrol a device before any admin page. A user
who enrolled one of their own is asked for a code in any case.
"""

from __future__ import annotations

from django.conf import settings

PROVISIONING_PERMISSION = "school_sites.add_school"
USER_ADMIN_PERMISSION = "auth.change_user"
AUDIT_VIEW_PERMISSION = "staff_accounts.view_signinevent"


def is_department_admin(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.is_superuser
        or user.has_perm(PROVISIONING_PERMISSION)
        or user.has_perm(USER_ADMIN_PERMISSION)
    )


def has_applications_access(user) -> bool:
    from applications.permissions import can_use_back_office

    return bool(user.is_authenticated and user.is_active and can_use_back_office(user))


def two_factor_required(user) -> bool:
    """Whether `user` must have a second factor to use the admin."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return is_department_admin(user) or has_applications_access(user)


def can_reset_two_factor(*, actor, target) -> bool:
    """Department administrators reset others' two-factor sign-in; only a superuser a
    superuser's (a lesser administrator must not take over a superuser's account)."""
    if not is_department_admin(actor) or actor.pk == target.pk:
        return False
    return actor.is_superuser or not target.is_superuser


def can_view_sign_in_audit(user) -> bool:
    return is_department_admin(user) or bool(
        user.is_authenticated and user.is_active and user.has_perm(AUDIT_VIEW_PERMISSION)
    )
