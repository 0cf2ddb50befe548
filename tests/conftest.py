"""Shared fixtures: a department site built with the same factories as the demo."""

import shutil

import pytest
from django.conf import settings
from wagtail.models import Page, Site

from portal import factories


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.SERVICES_PRIVATE_ROOT, ignore_errors=True)


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
