"""The admin API's pages, images and documents endpoints, scoped to a school user's school.

Wagtail's admin API (used by the sidebar explorer and the choosers' JavaScript) lists every
page, image and document of the install to any admin user. sites/hooks/admin_api.py replaces
the three endpoints with school-scoped subclasses through the `construct_admin_api` hook; it
finds them in the router's private `_endpoints`, so this check makes sure they really were
replaced: a renamed attribute or endpoint would otherwise leave the API open.
"""

from portal.wagtail_patches import Patch

TARGET = "wagtail.admin.api.urls.admin_api._endpoints"
ENDPOINTS = ("pages", "images", "documents")


def missing() -> list[str]:
    from wagtail.admin.api.urls import admin_api as api_router

    endpoints = getattr(api_router, "_endpoints", None)
    if not isinstance(endpoints, dict):
        return ["_endpoints"]
    return [
        f"school-scoped '{name}' endpoint"
        for name in ENDPOINTS
        if not getattr(endpoints.get(name), "__name__", "").startswith("SchoolScoped")
    ]


PATCH = Patch(
    name="admin-api-scope",
    target=TARGET,
    why="School editors must not list other schools' pages, images and documents.",
    missing=missing,
)
