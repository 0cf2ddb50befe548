"""The explorer's "Owner", "Edited by" and "Site" filters, scoped for school users.

Wagtail lists every page owner, every editor and every Site of the install there, which would
show a school's editors the names of other schools' staff (and, with hundreds of schools,
render hundreds of choices on every explorer page). Wagtail offers no hook for these filters,
so their querysets are wrapped here (the rule itself is sites.permissions).
"""

from portal.wagtail_patches import Patch

TARGET = "wagtail.admin.views.pages.listing.PageFilterSet"
FILTERS = ("owner", "edited_by", "site")


def _filter_set():
    from wagtail.admin.views.pages import listing

    return getattr(listing, "PageFilterSet", None)


def missing() -> list[str]:
    filter_set = _filter_set()
    if filter_set is None:
        return ["PageFilterSet"]
    return [
        f"filter '{name}' with a queryset"
        for name in FILTERS
        if not hasattr(filter_set.declared_filters.get(name), "queryset")
    ]


def apply() -> None:
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, PageLogEntry, Site

    from sites.permissions import pages_reachable_by_user, school_scope_for_user

    def reachable(user):
        return pages_reachable_by_user(user, Page.objects.all())

    def owners(user):
        return get_user_model().objects.filter(pk__in=reachable(user).values("owner_id"))

    def editors(user):
        return get_user_model().objects.filter(
            pk__in=PageLogEntry.objects.filter(
                action="wagtail.edit", page__in=reachable(user)
            ).values("user_id")
        )

    def sites(user):
        return Site.objects.filter(root_page__in=reachable(user))

    declared = _filter_set().declared_filters
    for name, scoped in (("owner", owners), ("edited_by", editors), ("site", sites)):
        page_filter = declared[name]
        original = page_filter.queryset

        def queryset(request, original=original, scoped=scoped):
            if request is not None and school_scope_for_user(request.user).restricted:
                return scoped(request.user)
            return original(request) if callable(original) else original.all()

        page_filter.queryset = queryset


PATCH = Patch(
    name="page-filters",
    target=TARGET,
    why="School editors must not see other schools' staff or sites in the explorer's filters.",
    missing=missing,
    apply=apply,
)
