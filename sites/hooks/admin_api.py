"""School isolation of what Wagtail's admin serves outside its views: the admin API
(`/admin/api/main/pages|images|documents/`, used by the sidebar explorer and the choosers'
JavaScript) and document downloads behind a login restriction.

Wagtail's admin API lists every page, image and document of the install to any admin user,
with titles and download URLs; a school user sees through it only their school's. A login
restriction on a school's collection means "staff of that school" (and department staff),
not "anyone with an account".
"""

from django.http import HttpResponseForbidden
from wagtail import hooks
from wagtail.models import BaseViewRestriction, CollectionViewRestriction, Page

from sites.permissions import pages_reachable_by_user, school_scope_for_user

COLLECTION_ACTIONS = ["add", "change", "delete", "choose"]


def _scoped_collection_queryset(viewset, queryset):
    user = viewset.request.user
    if not school_scope_for_user(user).restricted:
        return queryset
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(queryset.model)
    allowed = policy.instances_user_has_any_permission_for(user, COLLECTION_ACTIONS)
    return queryset.filter(pk__in=allowed.values("pk"))


def scoped_viewset(base):
    """`base` (an admin API viewset) whose listing and detail see only the user's school."""

    def get_queryset(self):
        queryset = super(viewset, self).get_queryset()
        if issubclass(queryset.model, Page):
            return pages_reachable_by_user(self.request.user, queryset)
        return _scoped_collection_queryset(self, queryset)

    viewset = type(f"SchoolScoped{base.__name__}", (base,), {"get_queryset": get_queryset})
    return viewset


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations
def scope_admin_api(router):
    for name in ("pages", "images", "documents"):
        endpoint = router._endpoints.get(name)
        if endpoint is not None and not endpoint.__name__.startswith("SchoolScoped"):
            router.register_endpoint(name, scoped_viewset(endpoint))


@hooks.register("before_serve_document")
def school_staff_only_for_login_restricted_documents(document, request):
    """A document in a school's collection under a login restriction: that school's staff and
    department staff only (Wagtail lets in any logged-in user)."""
    restrictions = CollectionViewRestriction.objects.filter(
        collection__in=document.collection.get_ancestors(inclusive=True),
        restriction_type=BaseViewRestriction.LOGIN,
    )
    if not restrictions.exists() or not request.user.is_authenticated:
        return None  # Wagtail's own check (the login page) applies
    from sites.models import School

    owners = School.objects.filter(collection__in=document.collection.get_ancestors(inclusive=True))
    if not owners.exists():
        return None  # a department collection: any staff login, as Wagtail does
    scope = school_scope_for_user(request.user)
    if not scope.restricted:
        if request.user.is_superuser or request.user.has_perm("wagtailadmin.access_admin"):
            return None
        return HttpResponseForbidden()
    if owners.filter(pk__in=scope.school_ids).exists():
        return None
    return HttpResponseForbidden()
