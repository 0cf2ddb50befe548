"""iCalendar export (RFC 5545), read back with the icalendar parser."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from calendars import factories

pytestmark = pytest.mark.django_db

T = datetime.time
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def events_by_summary(document):
    return {str(event["SUMMARY"]): event for event in document.walk("VEVENT")}


@pytest.fixture
def filled(calendar, this_monday, today):
    week = factories.WorkWeekPageFactory(parent=calendar, week_start=this_monday)
    factories.add_entries(
        week,
        [
            (
                1,
                T(8, 0),
                T(11, 30),
                "Họp giao ban; bàn kế hoạch, phân công\nnhiệm vụ",
                "Giám đốc Sở, các Phó Giám đốc",
                "Phòng họp số 1, Sở GDĐT",
            ),
            (3, T(14, 0), None, "Tiếp công dân", "", ""),
        ],
    )
    factories.EventPageFactory(
        parent=calendar,
        title="Hội khoẻ Phù Đổng",
        start_date=today,
        end_date=today + datetime.timedelta(days=2),
        location="Sân vận động tỉnh",
        intro="Ba ngày thi đấu.",
    )
    main = factories.BridgePointFactory(name="Điểm cầu chính – Sở GDĐT", is_main=True)
    factories.MeetingPageFactory(
        parent=calendar,
        title="Họp trực tuyến sơ kết học kỳ I",
        date=today,
        main_bridge=main,
        room_url="https://hop.example.edu.vn/phong/1",
        bridges=[factories.BridgePointFactory(name="Điểm cầu THPT Ba Tơ")],
    )
    return calendar


def test_export_parses_back_with_every_required_property(client, filled, this_monday):
    raw, document = fetch(client, f"{filled.url}ical/")
    assert document["VERSION"] == "2.0"
    assert document["PRODID"]
    assert [tz["TZID"] for tz in document.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = events_by_summary(document)
    assert len(events) == 4
    for event in events.values():
        assert event["UID"] and event["DTSTAMP"].dt.tzinfo is not None
        assert event["DTSTART"]
    entry = events["Họp giao ban; bàn kế hoạch, phân công\nnhiệm vụ"]
    monday_plus_one = this_monday + datetime.timedelta(days=1)
    assert entry["DTSTART"].dt == datetime.datetime.combine(monday_plus_one, T(8, 0), HCM)
    assert entry["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert entry["DTEND"].dt == datetime.datetime.combine(monday_plus_one, T(11, 30), HCM)
    assert str(entry["LOCATION"]) == "Phòng họp số 1, Sở GDĐT"
    assert "Giám đốc Sở, các Phó Giám đốc" in str(entry["DESCRIPTION"])
    assert "DTEND" not in events["Tiếp công dân"]
    # Text is escaped on the wire: commas, semicolons and new lines.
    text = raw.decode()
    assert "Họp giao ban\\; bàn kế hoạch\\, phân công\\nnhiệm vụ" in text.replace("\r\n ", "")


def test_all_day_events_are_dates_with_an_exclusive_end(client, filled, today):
    _raw, document = fetch(client, f"{filled.url}su-kien/ical/")
    event = events_by_summary(document)["Hội khoẻ Phù Đổng"]
    assert event["DTSTART"].dt == today
    assert event["DTEND"].dt == today + datetime.timedelta(days=3)
    assert str(event["LOCATION"]) == "Sân vận động tỉnh"


def test_meeting_event_names_bridges_and_room(client, filled):
    _raw, document = fetch(client, f"{filled.url}lich-hop/ical/")
    event = events_by_summary(document)["Họp trực tuyến sơ kết học kỳ I"]
    description = str(event["DESCRIPTION"])
    assert "Các điểm cầu tham gia: " in description and "Điểm cầu THPT Ba Tơ" in description
    assert "Phòng họp trực tuyến: https://hop.example.edu.vn/phong/1" in description
    assert "Chủ trì: " in description  # every label in Vietnamese
    assert str(event["LOCATION"]) == "Điểm cầu chính – Sở GDĐT"


def test_each_kind_has_its_own_feed(client, filled):
    kinds = {
        "lich-cong-tac/ical/": 2,
        "su-kien/ical/": 1,
        "lich-hop/ical/": 1,
    }
    for path, count in kinds.items():
        _raw, document = fetch(client, f"{filled.url}{path}")
        assert len(document.walk("VEVENT")) == count, path


def test_lines_are_folded_at_75_octets(client, filled):
    raw, _document = fetch(client, f"{filled.url}ical/")
    assert b"\r\n " in raw  # the long Vietnamese description is folded
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_uids_are_stable_when_the_week_is_edited_and_republished(client, filled):
    _raw, before = fetch(client, f"{filled.url}ical/")
    week = filled.get_children().type(factories.models.WorkWeekPage).get().specific
    week.note = "Lịch có thể thay đổi."
    week.save_revision().publish()
    _raw, after = fetch(client, f"{filled.url}ical/")
    uids = lambda doc: sorted(str(e["UID"]) for e in doc.walk("VEVENT"))  # noqa: E731
    assert uids(before) == uids(after)
    assert len(set(uids(after))) == 4


def test_unpublished_items_are_not_exported(client, filled):
    for page in filled.get_children():
        page.unpublish()
    _raw, document = fetch(client, f"{filled.url}ical/")
    assert document.walk("VEVENT") == []
