"""Wagtail hooks: isolation of school sites (the rules are in sites/permissions.py).

Wagtail's own permissions already confine a school's editors and moderators to their school's
pages, collection and site settings. What it leaves open is scoped here: the page chooser
(browse, search and "chosen" look-ups) and the explorer's whole-tree search. The explorer's
filters, which Wagtail gives no hook, are scoped by a patch: portal/wagtail_patches/.
"""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import Page

from sites.permissions import (
    page_chooser_roots_for_user,
    pages_reachable_by_user,
    school_scope_for_user,
)

CHOOSER_BROWSE = "wagtailadmin_choose_page"
CHOOSER_BROWSE_CHILD = "wagtailadmin_choose_page_child"
CHOOSER_CHOSEN_MULTIPLE = "wagtailadmin_choose_page_chosen_multiple"


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
    """Scopes the one page-chooser view that Wagtail gives no hook: "chosen" look-ups by id.

    `/admin/choose-page/chosen-multiple/?id=…` returns the title and URL of any page id; a
    school user asking for a page outside their school gets 403. Add to MIDDLEWARE after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != CHOOSER_CHOSEN_MULTIPLE:
            return None
        if not school_scope_for_user(request.user).restricted:
            return None
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        requested = Page.objects.filter(pk__in=ids)
        if requested.count() != pages_reachable_by_user(request.user, requested).count():
            raise PermissionDenied
        return None
