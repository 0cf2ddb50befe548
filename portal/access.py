"""Staff access: which schools, which pages and which kinds of case a user may see and act on.

One object per user and request (`staff_access(user)`, kept on the user object, which Django
builds afresh for every request), each part read by one query the first time it is asked for
and never again in that request. Every scope of the portal is built from it:

- school sites, the explorer and choosers: `sites.permissions.school_scope_for_user`;
- alerts (a school's moderators manage their school's): `alerts.permissions`;
- Q&A and comment moderation (where the user may publish): `portal.submissions.admin`;
- the applications back office (schools plus the case definitions of the user's office):
  `applications.permissions.processing_scope`;
- and, next, admission rounds, through the same engine clients.

`ScopedObjectMixin` is the one "404 outside the scope" guard of the admin's object views.
"""

from __future__ import annotations

from functools import cached_property

from django.http import Http404

ACCESS_CACHE_ATTR = "_staff_access"
PUBLISH_PAGE = "publish_page"


class StaffAccess:
    """What one user may reach. Department users have no school; superusers have everything."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def active(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)

    @cached_property
    def everything(self) -> bool:
        return self.active and self.user.is_superuser

    @cached_property
    def _schools(self) -> list[tuple[int, bool]]:
        """(school id, whether the user moderates it) for each school whose editors or
        moderators group the user is in. One query."""
        if not self.active or self.everything:
            return []
        from django.db.models import BooleanField, ExpressionWrapper, Q

        from sites.models import School

        groups = self.user.groups.all()
        moderates = ExpressionWrapper(Q(moderators_group__in=groups), output_field=BooleanField())
        return list(
            School.objects.filter(Q(editors_group__in=groups) | Q(moderators_group__in=groups))
            .annotate(moderates=moderates)
            .values_list("pk", "moderates")
        )

    @cached_property
    def school_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, _moderates in self._schools)

    @cached_property
    def moderated_school_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, moderates in self._schools if moderates)

    @property
    def school_user(self) -> bool:
        """Whether the user works for one or more schools (and is so confined to them)."""
        return bool(self.school_ids)

    @cached_property
    def page_paths(self) -> tuple[str, ...]:
        """Tree paths of every page the user's groups hold a permission on. One query."""
        if not self.active:
            return ()
        from wagtail.models import GroupPagePermission

        return tuple(
            sorted(
                set(
                    GroupPagePermission.objects.filter(group__in=self.user.groups.all())
                    .values_list("page__path", flat=True)
                    .distinct()
                )
            )
        )

    @cached_property
    def publish_paths(self) -> tuple[str, ...]:
        """Tree paths under which the user may publish (and so moderate). One query."""
        if not self.active:
            return ()
        from wagtail.models import GroupPagePermission

        return tuple(
            sorted(
                set(
                    GroupPagePermission.objects.filter(
                        group__user=self.user, permission__codename=PUBLISH_PAGE
                    ).values_list("page__path", flat=True)
                )
            )
        )

    @cached_property
    def definition_ids(self) -> frozenset[int]:
        """The case definitions the user's office processes (one query per kind of case)."""
        if not self.active or self.everything:
            return frozenset()
        from applications import definitions

        return frozenset().union(
            *(client.definitions_processed_by(self.user) for client in definitions.clients())
        )


def staff_access(user) -> StaffAccess:
    access = getattr(user, ACCESS_CACHE_ATTR, None)
    if access is None:
        access = StaffAccess(user)
        setattr(user, ACCESS_CACHE_ATTR, access)
    return access


class ScopedObjectMixin:
    """For an admin view that loads one object: 404 when the object is outside the user's
    scope, whatever the view (edit, delete, inspect, history, usage). Subclasses say what the
    scope is in `in_scope`."""

    def in_scope(self, obj) -> bool:
        """Each view family says what its scope is; without one, nothing is in it."""
        return False

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.in_scope(obj):
            raise Http404
        return obj


def concrete_user(user):
    """The user object behind `request.user`, which Django's and django-otp's middlewares each
    wrap in a lazy object: Wagtail's audit log finds a log model by the instance's own class
    and silently logs nothing for a lazy object inside a lazy object."""
    from django.utils.functional import LazyObject, empty

    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
