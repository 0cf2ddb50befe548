"""School and department events: upcoming and past lists, all-day or timed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from calendars import factories
from calendars.models import EventPage
from tests.calendars.conftest import count_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_upcoming_and_past_lists(client, calendar, today):
    factories.EventPageFactory(parent=calendar, title="Hội thi sắp tới", start_date=today + DAY)
    factories.EventPageFactory(
        parent=calendar,
        title="Hội trại đang diễn ra",
        start_date=today - 2 * DAY,
        end_date=today + DAY,
    )
    factories.EventPageFactory(parent=calendar, title="Lễ đã qua", start_date=today - 3 * DAY)
    upcoming = client.get(f"{calendar.url}su-kien/").content.decode()
    past = client.get(f"{calendar.url}su-kien/da-dien-ra/").content.decode()
    assert "Hội thi sắp tới" in upcoming and "Hội trại đang diễn ra" in upcoming
    assert "Lễ đã qua" not in upcoming
    assert "Lễ đã qua" in past and "Hội thi sắp tới" not in past
    assert upcoming.index("Hội trại đang diễn ra") < upcoming.index("Hội thi sắp tới")


def test_event_page_shows_when_and_where(client, calendar, today):
    all_day = factories.EventPageFactory(
        parent=calendar, title="Hội khoẻ Phù Đổng", start_date=today, location="Sân trường"
    )
    timed = factories.EventPageFactory(
        parent=calendar,
        title="Ngày hội đọc sách",
        start_date=today,
        start_time=datetime.time(7, 30),
        end_time=datetime.time(10, 0),
    )
    html = client.get(all_day.url).content.decode()
    assert "Sân trường" in html and "cả ngày" in html
    html = client.get(timed.url).content.decode()
    assert "07:30" in html and "10:00" in html and "cả ngày" not in html


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": -1}, "end_date"),
        ({"end_time": datetime.time(9, 0)}, "start_time"),
        ({"start_time": datetime.time(9, 0), "end_time": datetime.time(8, 0)}, "end_time"),
    ],
)
def test_impossible_times_are_refused(calendar, today, fields, field):
    if fields.get("end_date") == -1:
        fields = {"end_date": today - DAY}
    page = EventPage(title="Sự kiện", slug="su-kien", start_date=today, intro="…", **fields)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert field in error.value.message_dict


def test_a_multi_day_event_may_end_earlier_in_the_day(calendar, today):
    page = EventPage(
        title="Hội trại",
        slug="hoi-trai",
        start_date=today,
        start_time=datetime.time(14, 0),
        end_date=today + DAY,
        end_time=datetime.time(10, 0),
        intro="Hội trại hai ngày.",
    )
    page.clean()


@pytest.mark.parametrize("path", ["", "su-kien/", "su-kien/da-dien-ra/"])
def test_event_lists_query_count_is_bounded(client, calendar, today, path):
    url = f"{calendar.url}{path}"
    for n in range(2):
        factories.EventPageFactory(parent=calendar, start_date=today + n * DAY)
        factories.EventPageFactory(parent=calendar, start_date=today - (n + 1) * DAY)
    few = count_queries(client, url)
    for n in range(8):
        factories.EventPageFactory(parent=calendar, start_date=today + n * DAY)
        factories.EventPageFactory(parent=calendar, start_date=today - (n + 1) * DAY)
    assert count_queries(client, url) == few
    assert few <= 20


def test_a_page_beyond_the_list_is_404(client, calendar):
    assert client.get(f"{calendar.url}su-kien/", {"page": 9}).status_code == 404
