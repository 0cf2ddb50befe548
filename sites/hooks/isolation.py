"""Wagtail hooks: isolation of school sites (the rules are in sites/permissions.py).

Wagtail's own permissions already confine a school's editors and moderators to their school's
pages, collection and site settings. What it leaves open is scoped here: the page chooser
(browse, search and "chosen" look-ups) and the explorer's whole-tree search. The explorer's
filters, which Wagtail gives no hook, are scoped by a patch: portal/wagtail_patches/.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail import hooks
from wagtail.models import Page

from portal.querystring import get_int, get_int_list
from sites.permissions import (
    page_chooser_roots_for_user,
    pages_reachable_by_user,
    school_scope_for_user,
)

CHOOSER_BROWSE = "wagtailadmin_choose_page"
CHOOSER_BROWSE_CHILD = "wagtailadmin_choose_page_child"
CHOOSER_CHOSEN_MULTIPLE = "wagtailadmin_choose_page_chosen_multiple"
BULK_ACTION = "wagtail_bulk_action"


def _chooser_parent(request):
    """The page the chooser is browsing, found the way Wagtail's BrowseView finds it."""
    from wagtail.admin.views.chooser import page_models_from_string

    match = request.resolver_match
    if match.url_name == CHOOSER_BROWSE_CHILD:
        return Page.objects.only("path").get(pk=match.kwargs["parent_page_id"])
    desired = page_models_from_string(request.GET.get("page_type") or "wagtailcore.page")
    if desired == (Page,):
        return Page.get_first_root_node()
    return Page.objects.type(*desired).first_common_ancestor()


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """School users browse and search only their school's pages; department users everything.

    Browsing a page above the school (the root, the portal home, the school directory) lists
    the user's school home(s) instead of that page's children; browsing a page of another
    school is refused.
    """
    scope = school_scope_for_user(request.user)
    if not scope.restricted:
        return pages
    match = request.resolver_match
    if match is not None and match.url_name in (CHOOSER_BROWSE, CHOOSER_BROWSE_CHILD):
        parent = _chooser_parent(request)
        if scope.covers_path(parent.path):
            return pages
        if scope.is_ancestor_path(parent.path):
            return (
                page_chooser_roots_for_user(request.user, pages)
                .filter(path__startswith=parent.path)
                .specific()
            )
        raise PermissionDenied
    return pages_reachable_by_user(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    """The explorer's listing and its "search the whole tree" stay inside the user's school."""
    return pages_reachable_by_user(request.user, pages)


class SchoolIsolationMiddleware:
    """Guards the admin views that take object ids in the query string and that Wagtail gives
    no hook: the page chooser's "chosen" look-up and the bulk actions' confirmation pages.

    For every user, ids that are not whole numbers in range are a 400 (Wagtail would pass
    "²" or 2**64 to the database and fail with a 500). For a school user, asking for an
    object outside their school is refused: `/admin/choose-page/chosen-multiple/?id=…`
    (which returns any page's title and URL) with 403, a bulk action (whose confirmation
    page prints the title of every id, the user's or not) with 404. Add to MIDDLEWARE after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.url_name == CHOOSER_CHOSEN_MULTIPLE:
            guard_chosen_multiple(request)
        elif match.url_name == BULK_ACTION:
            guard_bulk_action(request, **match.kwargs)
        elif match.view_name.startswith("wagtailadmin_"):
            guard_admin_view(request, match)
        return None


# Admin views that show the whole install whatever the user's permissions (workflow and
# task names, every school's last-edited pages, the history of every site): department only.
DEPARTMENT_ONLY_NAMESPACES = ("wagtailadmin_workflows",)
DEPARTMENT_ONLY_VIEWS = {
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}
# URL arguments that name a page, in Wagtail's admin URLs.
PAGE_ARGUMENTS = ("page_id", "page_to_move_id", "destination_id", "parent_page_id")


def school_user_denied_view(view_name):
    return view_name in DEPARTMENT_ONLY_VIEWS or view_name.split(":")[0] in (
        DEPARTMENT_ONLY_NAMESPACES
    )


def guard_admin_view(request, match):
    """A school user: no department-only view, and no page outside their school (or above
    it, where Wagtail's own listings are scoped by the hooks above) by id in the URL (403)."""
    if not request.user.is_authenticated:
        return
    scope = school_scope_for_user(request.user)
    if not scope.restricted:
        return
    if school_user_denied_view(match.view_name):
        raise PermissionDenied
    if match.url_name in (CHOOSER_BROWSE, CHOOSER_BROWSE_CHILD):
        return  # scoped by scope_page_chooser
    ids = [match.kwargs[name] for name in PAGE_ARGUMENTS if name in match.kwargs]
    for path in Page.objects.filter(pk__in=ids).values_list("path", flat=True):
        if not (scope.covers_path(path) or scope.is_ancestor_path(path)):
            raise PermissionDenied  # as Wagtail answers a page the user has no rights on


@hooks.register("construct_reports_menu")
def hide_department_reports(request, menu_items):
    """The reports a school user may not open are not offered in the menu either."""
    if not school_scope_for_user(request.user).restricted:
        return
    from django.urls import resolve

    def denied(item):
        try:
            return school_user_denied_view(resolve(item.url).view_name)
        except Exception:  # noqa: BLE001 - an item with an unusual URL stays
            return False

    menu_items[:] = [item for item in menu_items if not denied(item)]


def guard_chosen_multiple(request):
    ids = get_int_list(request.GET, "id", minimum=1)
    if not request.user.is_authenticated:
        return  # Wagtail sends the visitor to the login page
    if not school_scope_for_user(request.user).restricted:
        return
    requested = Page.objects.filter(pk__in=ids)
    if requested.count() != pages_reachable_by_user(request.user, requested).count():
        raise PermissionDenied


def _reachable_objects(user, model):
    """The objects of `model` a school user may act on: their school's pages, the images and
    documents of their collections, whatever else their permissions give."""
    if issubclass(model, Page):
        return pages_reachable_by_user(user, Page.objects.all())
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(model)
    if policy is None:
        return model._default_manager.none()
    return policy.instances_user_has_any_permission_for(user, ["change", "delete", "view"])


def guard_bulk_action(request, *, app_label, model_name, action):
    """`/admin/bulk/<app>/<model>/<action>/?id=…[&id=all&childOf=…]` (Wagtail's BulkAction)."""
    from django.apps import apps
    from django.db import models

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    integer_pk = isinstance(model._meta.pk, models.IntegerField | models.AutoField)
    ids = get_int_list(request.GET, "id", minimum=1, allow=("all",)) if integer_pk else None
    parent_id = get_int(request.GET, "childOf", minimum=1)
    if not request.user.is_authenticated or not school_scope_for_user(request.user).restricted:
        return
    reachable = _reachable_objects(request.user, model)
    if ids is None:
        ids = request.GET.getlist("id")
    if "all" in ids:
        # "Every item of the listing": Wagtail lists a page's children (or, with no page,
        # the whole tree) and titles those the user may not act on; only under the user's
        # own pages. Images and documents: Wagtail already lists only the user's own.
        if issubclass(model, Page) and (
            parent_id is None
            or not pages_reachable_by_user(request.user, Page.objects.filter(pk=parent_id))
        ):
            raise Http404
        ids = [pk for pk in ids if pk != "all"]
    if ids and reachable.filter(pk__in=ids).count() != len(set(ids)):
        raise Http404
