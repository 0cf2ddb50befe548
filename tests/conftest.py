"""Shared fixtures: a department site built with the same factories as the demo."""

import shutil

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from portal import factories


def _commits(item):
    """Whether a test commits to the database (pytest-django's transactional tests)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or ("transactional_db" in fixtures or "live_server" in fixtures)


def pytest_collection_modifyitems(session, config, items):
    """Refuse a test file that mixes tests that commit with tests that run in a transaction.

    A test that commits empties the database when it ends. pytest-django runs such tests after
    the others, but the suite runs in parallel with whole files per worker (pytest-xdist
    `--dist loadfile`): a mixed file would run its committing test in the middle of the
    worker's queue, and every later test of that worker would find an empty database.
    """
    kinds = {}
    for item in items:
        uses_db = item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ())
        if uses_db:
            kinds.setdefault(item.path, set()).add(_commits(item))
    mixed = sorted(str(path) for path, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            "These test files mix tests that commit (transaction=True, live_server) with tests "
            "that do not; move the committing ones to a file of their own: " + ", ".join(mixed)
        )


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.SERVICES_PRIVATE_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the per-site chrome, rate limits): the local
    memory cache lives as long as the worker, and SQLite reuses ids after a rollback."""
    from django.core.cache import cache

    cache.clear()
    yield


def build_home(hostname="localhost", port=80):
    """A department home page as the default site's root (replacing Wagtail's placeholder)."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Sở GDĐT"},
    )
    return home


@pytest.fixture
def home(db):
    return build_home()


@pytest.fixture
def news_index(home):
    return factories.NewsIndexPageFactory(parent=home)


@pytest.fixture
def contact_page(home):
    return factories.add_default_contact_fields(factories.ContactPageFactory(parent=home))
