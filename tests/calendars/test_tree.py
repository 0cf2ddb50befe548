"""Where the calendar pages may go; schools get one as their "calendar" section."""

import pytest

from calendars.models import CalendarIndexPage, EventPage, MeetingPage, WorkWeekPage
from portal.models import HomePage, NewsIndexPage
from sites.models import SchoolHomePage
from sites.sections import REQUIRED_SECTIONS

pytestmark = pytest.mark.django_db


def test_calendar_index_goes_under_department_and_school_homes_once():
    assert set(CalendarIndexPage.parent_page_types) == {
        "portal.HomePage",
        "school_sites.SchoolHomePage",
    }
    assert CalendarIndexPage in SchoolHomePage.allowed_subpage_models()
    assert CalendarIndexPage in HomePage.allowed_subpage_models()
    assert CalendarIndexPage.max_count_per_parent == 1


def test_calendar_items_only_under_a_calendar():
    for model in (WorkWeekPage, EventPage, MeetingPage):
        assert model.allowed_parent_page_models() == [CalendarIndexPage]
        assert model.allowed_subpage_models() == []
    assert NewsIndexPage not in CalendarIndexPage.allowed_subpage_models()


def test_one_calendar_per_home(home, calendar):
    assert not CalendarIndexPage.can_create_at(home)


def test_the_school_calendar_section_is_a_calendar_index(two_schools):
    section = next(s for s in REQUIRED_SECTIONS if s.kind == "calendar")
    assert section.page_type == "calendars.CalendarIndexPage"
    school = two_schools[0]
    calendar = CalendarIndexPage.objects.child_of(school.home_page).get()
    assert calendar.slug == "lich"
    assert calendar.title == "Thời khoá biểu, lịch công tác"


def test_sitemap_lists_the_calendar_views_and_items(client, calendar, today):
    from calendars.factories import EventPageFactory

    event = EventPageFactory(parent=calendar, title="Hội thi", start_date=today)
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("", "lich-cong-tac/", "su-kien/", "lich-hop/"):
        assert f"<loc>http://localhost{calendar.url}{path}</loc>" in xml
    assert f"<loc>http://localhost{event.url}</loc>" in xml
