"""Isolation between school sites: who may see and change which school.

Wagtail already scopes most things through the groups provisioning creates:
- pages: GroupPagePermission rows rooted at the school home (explorer, edit, add, delete,
  move, unpublish, revisions, history, form submissions all check them);
- images and documents: GroupCollectionPermission rows on the school's collection (listings
  and choosers only show collections the user may change / choose from);
- site settings: GroupSitePermission rows (Wagtail's SitePermissionPolicy is per site: a user
  may open the settings only of the sites their groups hold a permission for, and is sent to
  one of them from the settings menu); `school_grant_settings_permissions` creates them;
- moderation: the school's GroupApprovalTask names only the school's moderators.

What Wagtail does not scope is the page chooser (it browses the whole tree) and the
explorer's "search the whole tree" listing; sites/hooks/isolation.py scopes those with the
rules below. Department administrators (superusers) and department staff who belong to no
school group are not restricted by these rules.

Every rule is read once per request, from the user's staff access (portal/access.py).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupSitePermission
from wagtail.permission_policies import ModelPermissionPolicy

from portal.access import staff_access
from sites.models import School

# Settings publish immediately (no moderation), so only the school's moderators, who also
# publish its pages, may change them.
SETTINGS_ROLES = ("moderators",)


def settings_models():
    """The per-site settings a school manages (imported late: they live in other apps)."""
    from portal.models import NavigationSettings, OrganisationSettings
    from themes.models import ThemeSettings

    return (ThemeSettings, OrganisationSettings, NavigationSettings)


@dataclass(frozen=True)
class SchoolScope:
    """What a school user may reach; `restricted` is False for department users."""

    restricted: bool
    school_ids: frozenset = frozenset()
    page_paths: tuple = ()  # tree paths of the pages the user's groups hold permissions on

    def covers_path(self, path):
        return not self.restricted or path.startswith(self.page_paths)

    def is_ancestor_path(self, path):
        return any(root.startswith(path) and root != path for root in self.page_paths)


UNRESTRICTED = SchoolScope(restricted=False)
NOTHING = SchoolScope(restricted=True)


def school_scope_for_user(user) -> SchoolScope:
    """The user's school scope: at most two queries per request (portal.access)."""
    access = staff_access(user)
    if not access.active:
        return NOTHING
    if access.everything or not access.school_user:
        return UNRESTRICTED
    # Every page root the user's groups hold a permission on: the school homes, plus any
    # department page the same person may also edit.
    return SchoolScope(restricted=True, school_ids=access.school_ids, page_paths=access.page_paths)


def schools_for_user(user):
    """The schools a user works for (every school for department administrators)."""
    scope = school_scope_for_user(user)
    if not scope.restricted and user.is_authenticated and user.is_active:
        return School.objects.all() if user.is_superuser else School.objects.none()
    return School.objects.filter(pk__in=scope.school_ids)


def user_is_school_scoped(user):
    return school_scope_for_user(user).restricted


def user_can_reach_page(user, page):
    """Whether the page lies inside what the user may see (their schools' subtrees)."""
    return school_scope_for_user(user).covers_path(page.path)


def pages_reachable_by_user(user, pages):
    """Filter a page queryset to the user's school subtrees (unchanged for department users)."""
    scope = school_scope_for_user(user)
    if not scope.restricted:
        return pages
    if not scope.page_paths:
        return pages.none()
    query = Q()
    for path in scope.page_paths:
        query |= Q(path__startswith=path)
    return pages.filter(query)


def page_chooser_roots_for_user(user, pages):
    """The pages a school user starts from when the chooser browses above their school."""
    scope = school_scope_for_user(user)
    return pages.model.objects.filter(path__in=scope.page_paths)


@transaction.atomic
def school_grant_settings_permissions(*, school):
    """Let the school's moderators change its per-site settings, on its own Site only.

    Called by provisioning; idempotent, so re-provisioning and back-filling are safe.
    """
    models = settings_models()
    content_types = ContentType.objects.get_for_models(*models)
    permissions = Permission.objects.filter(
        content_type__in=content_types.values(),
        codename__in=[f"change_{model._meta.model_name}" for model in models],
    )
    groups = [getattr(school, f"{role}_group") for role in SETTINGS_ROLES]
    rows = [
        GroupSitePermission(group=group, site=school.site, permission=permission)
        for group in groups
        if group is not None
        for permission in permissions
    ]
    GroupSitePermission.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


class SchoolScopedPermissionPolicy(ModelPermissionPolicy):
    """A model permission policy for objects that belong to a school (`school_id`).

    Department users keep Django's model permissions. A school user may do `school_actions` on
    their own schools' objects (those `school_ids(user)` returns) and nothing else, whatever
    model permissions they hold. `school_ids(user)` says which of the user's schools count
    (those they are staff of, or only those they moderate).
    """

    def __init__(self, model, *, school_actions, school_ids, **kwargs):
        super().__init__(model, **kwargs)
        self.school_actions = tuple(school_actions)
        self.school_ids = school_ids

    def user_has_permission(self, user, action):
        if user_is_school_scoped(user):
            return action in self.school_actions and bool(self.school_ids(user))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if user_is_school_scoped(user):
            return action in self.school_actions and instance.school_id in self.school_ids(user)
        return super().user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if user_is_school_scoped(user):
            if not set(actions) & set(self.school_actions):
                return self.model._default_manager.none()
            return self.model._default_manager.filter(school_id__in=self.school_ids(user))
        return super().instances_user_has_any_permission_for(user, actions)

    def scoped(self, user, queryset):
        """`queryset` narrowed to the user's schools for a school user."""
        if user_is_school_scoped(user):
            return queryset.filter(school_id__in=self.school_ids(user))
        return queryset
