"""The online meeting schedule: time, chair, agenda, the main bridge, bridge points and the
room link; bridge points are data the department manages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from calendars import factories
from calendars.models import BridgePoint, MeetingPage
from calendars.services import bridge_points_seed
from sites import factories as site_factories
from tests.calendars.conftest import count_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def main_bridge():
    return factories.BridgePointFactory(name="Điểm cầu chính – Sở GDĐT", is_main=True)


def test_meeting_page_lists_its_bridge_points_and_agenda(client, calendar, main_bridge):
    points = [factories.BridgePointFactory(name=f"Điểm cầu THPT số {n}") for n in (1, 2)]
    meeting = factories.MeetingPageFactory(
        parent=calendar,
        main_bridge=main_bridge,
        agenda="Báo cáo sơ kết\nThảo luận",
        room_url="https://hop.example.edu.vn/phong/1",
        bridges=points,
    )
    html = client.get(meeting.url).content.decode()
    assert "Điểm cầu chính – Sở GDĐT" in html
    assert "Điểm cầu THPT số 1" in html and "Điểm cầu THPT số 2" in html
    assert "<li>Báo cáo sơ kết</li>" in html and "<li>Thảo luận</li>" in html
    assert 'href="https://hop.example.edu.vn/phong/1"' in html


def test_room_link_is_shown_only_when_set(client, calendar, main_bridge):
    meeting = factories.MeetingPageFactory(parent=calendar, main_bridge=main_bridge, room_url="")
    assert "Vào phòng họp" not in client.get(meeting.url).content.decode()


@pytest.mark.parametrize(
    "url", ["http://hop.example.edu.vn/", "javascript:alert(1)", "ftp://hop.example.edu.vn/"]
)
def test_room_link_must_be_https(calendar, main_bridge, today, url):
    page = MeetingPage(
        title="Họp",
        slug="hop",
        date=today,
        start_time=datetime.time(8, 0),
        chair="Giám đốc Sở",
        agenda="Nội dung",
        main_bridge=main_bridge,
        room_url=url,
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth"])
    assert "Nhập đường dẫn phòng họp bắt đầu bằng https://." in error.value.message_dict["room_url"]


def test_a_stored_non_https_link_is_never_rendered(client, calendar, main_bridge):
    meeting = factories.MeetingPageFactory(parent=calendar, main_bridge=main_bridge)
    # A row written before the rule, or by hand: the page still refuses to link it.
    MeetingPage.objects.filter(pk=meeting.pk).update(room_url="http://hop.example.edu.vn/")
    html = client.get(meeting.url).content.decode()
    assert "http://hop.example.edu.vn/" not in html


def test_schedule_lists_upcoming_meetings_only(client, calendar, main_bridge, today):
    factories.MeetingPageFactory(
        parent=calendar, title="Họp sắp tới", date=today + DAY, main_bridge=main_bridge
    )
    factories.MeetingPageFactory(
        parent=calendar, title="Họp hôm qua", date=today - DAY, main_bridge=main_bridge
    )
    upcoming = client.get(f"{calendar.url}lich-hop/").content.decode()
    past = client.get(f"{calendar.url}lich-hop/da-dien-ra/").content.decode()
    assert "Họp sắp tới" in upcoming and "Họp hôm qua" not in upcoming
    assert "Họp hôm qua" in past and "Họp sắp tới" not in past


@pytest.mark.parametrize("path", ["", "lich-hop/"])
def test_schedule_query_count_is_bounded(client, calendar, main_bridge, today, path):
    points = [factories.BridgePointFactory() for _ in range(5)]
    url = f"{calendar.url}{path}"

    def add(count):
        for n in range(count):
            factories.MeetingPageFactory(
                parent=calendar, date=today + n * DAY, main_bridge=main_bridge, bridges=points
            )

    add(2)
    few = count_queries(client, url)
    add(6)
    assert count_queries(client, url) == few
    assert few <= 20


def test_meeting_page_query_count_is_bounded(client, calendar, main_bridge, two_schools):
    meeting = factories.MeetingPageFactory(
        parent=calendar,
        main_bridge=main_bridge,
        bridges=[factories.BridgePointFactory(school=two_schools[0])],
    )
    few = count_queries(client, meeting.url)
    meeting.bridge_points.add(
        *[factories.BridgePointFactory(school=two_schools[1]) for _ in range(5)]
    )
    meeting.save_revision().publish()
    assert count_queries(client, meeting.url) == few


def test_seed_creates_the_main_bridge_and_fourteen_schools(school_directory):
    school = site_factories.provision_school("Trường THPT Ba Tơ", "51000108", slug="thpt-ba-to")
    points = bridge_points_seed()
    assert len(points) == 15
    assert [p.code for p in BridgePoint.objects.filter(is_main=True)] == ["so-gddt"]
    assert BridgePoint.objects.get(code="thpt-ba-to").school == school
    assert BridgePoint.objects.get(code="thpt-ly-son").school is None
    bridge_points_seed()  # again: nothing duplicated
    assert BridgePoint.objects.count() == 15


def test_meeting_links_a_bridge_to_its_school_site(client, calendar, main_bridge, two_schools):
    school = two_schools[0]
    meeting = factories.MeetingPageFactory(
        parent=calendar,
        main_bridge=main_bridge,
        bridges=[factories.BridgePointFactory(name="Điểm cầu trường", school=school)],
    )
    html = client.get(meeting.url).content.decode()
    assert f'href="{school.site.root_url}">Điểm cầu trường</a>' in html
