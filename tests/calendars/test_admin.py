"""A school editor adds calendar items in their own school's calendar, not in another's."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from calendars import factories
from calendars.models import CalendarIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, two_schools):
    editor = get_user_model().objects.create_user("bientap", password="x")
    editor.groups.add(two_schools[0].editors_group)
    client.force_login(editor)
    return client


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("calendars", model, parent.pk))


@pytest.mark.parametrize("model", ["workweekpage", "eventpage", "meetingpage"])
def test_school_editor_adds_items_only_in_their_own_calendar(editor_client, two_schools, model):
    factories.BridgePointFactory(name="Điểm cầu chính – Sở GDĐT", is_main=True)
    own, other = (
        CalendarIndexPage.objects.child_of(school.home_page).get() for school in two_schools
    )
    response = editor_client.get(add_url(model, own))
    assert response.status_code == 200
    if model == "meetingpage":
        # Bridge points are picked from a plain list: no snippet rights needed.
        assert "Điểm cầu chính – Sở GDĐT" in response.content.decode()
    assert editor_client.get(add_url(model, other)).status_code in (302, 403)
