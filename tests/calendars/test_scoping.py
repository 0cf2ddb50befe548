"""Each calendar lists only its own items: a school's never shows the department's, or
another school's."""

import pytest

from calendars import factories
from calendars.models import CalendarIndexPage

pytestmark = pytest.mark.django_db


def test_calendars_list_only_their_own_items(client, calendar, two_schools, today):
    first, second = (
        CalendarIndexPage.objects.child_of(school.home_page).get() for school in two_schools
    )
    factories.EventPageFactory(parent=calendar, title="Sự kiện của Sở", start_date=today)
    factories.EventPageFactory(parent=first, title="Sự kiện trường một", start_date=today)
    factories.EventPageFactory(parent=second, title="Sự kiện trường hai", start_date=today)

    def get(index, path):
        site = index.get_site()
        url = index.get_url_parts()[2]  # the path within its own site
        return client.get(f"{url}{path}", HTTP_HOST=site.hostname).content.decode()

    def listed(index):
        return get(index, "su-kien/")

    assert "Sự kiện của Sở" in listed(calendar)
    assert "Sự kiện trường" not in listed(calendar)
    html = listed(first)
    assert "Sự kiện trường một" in html
    assert "Sự kiện trường hai" not in html and "Sự kiện của Sở" not in html
    exported = get(first, "ical/")
    assert "Sự kiện trường một" in exported
    assert "Sự kiện trường hai" not in exported and "Sự kiện của Sở" not in exported


def test_school_calendar_is_served_on_the_school_host(client, two_schools, today):
    school = two_schools[0]
    calendar = CalendarIndexPage.objects.child_of(school.home_page).get()
    factories.EventPageFactory(parent=calendar, title="Hội khoẻ", start_date=today)
    response = client.get("/lich/su-kien/", HTTP_HOST=school.site.hostname)
    assert response.status_code == 200
    assert "Hội khoẻ" in response.content.decode()
