"""The portal's patches of Wagtail internals (portal/wagtail_patches/): installed, and a system
check error (never a silent skip) when Wagtail no longer has a patched target."""

import pytest
from django.core import checks
from wagtail.admin.views.pages import listing

from portal import wagtail_patches


def patch_errors():
    return [e for e in checks.run_checks() if e.id == "portal.E001"]


def test_every_patch_is_installed_and_the_check_is_clean():
    applied = {patch.name for patch in wagtail_patches.patches() if patch.apply is not None}
    assert applied <= wagtail_patches._installed
    assert patch_errors() == []


def test_a_renamed_target_fails_the_check(monkeypatch):
    monkeypatch.delattr(listing, "PageFilterSet")
    [error] = patch_errors()
    assert error.level == checks.ERROR
    assert "page-filters" in error.msg and "PageFilterSet" in error.msg


def test_a_filter_gone_from_the_target_fails_the_check(monkeypatch):
    class StandIn:  # Wagtail's filter set, as a future version might have it
        declared_filters = {
            name: flt
            for name, flt in listing.PageFilterSet.declared_filters.items()
            if name != "edited_by"
        }

    monkeypatch.setattr(listing, "PageFilterSet", StandIn)
    [error] = patch_errors()
    assert "edited_by" in error.msg


def test_a_patch_that_could_not_be_installed_fails_the_check(monkeypatch):
    monkeypatch.setattr(wagtail_patches, "_installed", set())
    assert [e.obj for e in patch_errors()] == [
        wagtail_patches.page_filters.TARGET,
        wagtail_patches.site_lookup.TARGET,
    ]


@pytest.mark.django_db
def test_check_fails_the_management_command(monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    monkeypatch.delattr(listing, "PageFilterSet")
    with pytest.raises(SystemCheckError, match="portal.E001"):
        call_command("check")


def test_an_unscoped_admin_api_endpoint_fails_the_check(monkeypatch):
    from wagtail.admin.api.urls import admin_api as api_router

    endpoints = dict(api_router._endpoints)
    endpoints["documents"] = endpoints["documents"].__mro__[1]  # Wagtail's own, unscoped
    monkeypatch.setattr(api_router, "_endpoints", endpoints)
    [error] = patch_errors()
    assert "admin-api-scope" in error.msg and "documents" in error.msg


def test_the_admin_api_endpoints_are_scoped():
    from wagtail.admin.api.urls import admin_api as api_router

    assert all(
        api_router._endpoints[name].__name__.startswith("SchoolScoped")
        for name in ("pages", "images", "documents")
    )
