import datetime

import pytest

from calendars.weeks import InvalidWeek, Week


def test_parse_gives_monday_to_sunday():
    week = Week.parse("2026-W48")
    assert week.monday == datetime.date(2026, 11, 23)
    assert week.sunday == datetime.date(2026, 11, 29)
    assert str(week) == "2026-W48"
    assert datetime.date(2026, 11, 29) in week
    assert datetime.date(2026, 11, 30) not in week


def test_previous_and_next_cross_the_iso_year():
    week = Week.parse("2026-W53")  # 2026 has 53 ISO weeks
    assert str(week.next) == "2027-W01"
    assert str(Week.parse("2027-W01").previous) == "2026-W53"
    assert str(Week.containing(datetime.date(2027, 1, 1))) == "2026-W53"


@pytest.mark.parametrize("value", ["", "2026-48", "2026-W6", "2025-W53", "2026-W00", "x" * 200])
def test_invalid_weeks_are_refused(value):
    with pytest.raises(InvalidWeek):
        Week.parse(value)
