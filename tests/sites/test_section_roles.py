"""Each school section's page type can be filled by that school's editors and by no one else's.

For every required section held by a page type of its own (documents, organisation, staff,
calendar, Q&A, disclosures, …): the school's editor opens the section's edit view and the add
view of every page type the section takes as children; an editor of another school is refused
both. Adding a section type without giving school editors the right to fill it fails here.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from sites.sections import CONTACT_PAGE, NEWS_PAGE, REQUIRED_SECTIONS, SECTION_PAGE

pytestmark = pytest.mark.django_db

OWN_TYPES = [
    s for s in REQUIRED_SECTIONS if s.page_type not in (SECTION_PAGE, NEWS_PAGE, CONTACT_PAGE)
]


def editor_of(school, django_user_model, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "x")
    user.groups.add(school.editors_group)
    return user


def section_page(school, section):
    return Page.objects.child_of(school.home_page).get(slug=section.slug).specific


def add_url(model, parent):
    opts = model._meta
    return reverse("wagtailadmin_pages:add", args=[opts.app_label, opts.model_name, parent.pk])


def denied(response):
    return response.status_code in (302, 403, 404)


@pytest.mark.parametrize("section", OWN_TYPES, ids=lambda s: s.kind)
def test_school_editor_fills_own_section_and_not_anothers(
    client, two_schools, django_user_model, section
):
    own, other = two_schools
    editor = editor_of(own, django_user_model, "bien-tap-a")
    client.force_login(editor)
    own_page = section_page(own, section)
    other_page = section_page(other, section)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[own_page.pk])).status_code == 200
    assert denied(client.get(reverse("wagtailadmin_pages:edit", args=[other_page.pk])))

    for model in own_page.specific_class.creatable_subpage_models():
        if not model.can_create_at(own_page):
            continue
        assert client.get(add_url(model, own_page)).status_code == 200, model
        assert denied(client.get(add_url(model, other_page))), model


def test_every_section_type_is_allowed_under_the_school_home():
    from sites.models import SchoolHomePage

    allowed = {model._meta.label for model in SchoolHomePage.allowed_subpage_models()}
    for section in REQUIRED_SECTIONS:
        assert section.page_type in allowed, section.kind
