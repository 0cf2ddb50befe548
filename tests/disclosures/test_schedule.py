"""School years and due dates: the pure rules of the disclosure schedule."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from disclosures import schedule


@pytest.mark.parametrize("value", ["2025-2026", "1999-2000"])
def test_valid_school_years(value):
    schedule.validate_school_year(value)


@pytest.mark.parametrize("value", ["2025-2027", "2025/2026", "2025", "", "2026-2025", "abcd-efgh"])
def test_invalid_school_years_get_a_vietnamese_message(value):
    with pytest.raises(ValidationError) as error:
        schedule.validate_school_year(value)
    assert "Nhập năm học gồm hai năm liên tiếp" in error.value.messages[0]


def test_school_year_of_a_date_follows_the_start_month(settings):
    assert schedule.school_year_of(datetime.date(2025, 9, 5)) == "2025-2026"
    assert schedule.school_year_of(datetime.date(2026, 3, 1)) == "2025-2026"
    assert schedule.school_year_of(datetime.date(2026, 8, 31)) == "2025-2026"
    settings.SCHOOL_YEAR_START_MONTH = 8
    assert schedule.school_year_of(datetime.date(2026, 8, 31)) == "2026-2027"


def test_due_dates_fall_in_the_right_calendar_year():
    assert schedule.due_date(school_year="2025-2026", month=9, day=30) == datetime.date(2025, 9, 30)
    assert schedule.due_date(school_year="2025-2026", month=5, day=31) == datetime.date(2026, 5, 31)
    # 29 February in a year without it.
    assert schedule.due_date(school_year="2026-2027", month=2, day=29) == datetime.date(2027, 2, 28)
    assert schedule.due_date(school_year="2027-2028", month=2, day=29) == datetime.date(2028, 2, 29)
    assert schedule.due_date(school_year="2025-2026", month=None, day=None) is None


def test_states():
    due = datetime.date(2025, 9, 30)
    assert schedule.state_of(published=True, due=due, today=due.replace(day=1, month=12)) == "done"
    assert schedule.state_of(published=False, due=due, today=due) == "missing"
    assert schedule.state_of(published=False, due=due, today=datetime.date(2025, 10, 1)) == "late"
    assert (
        schedule.state_of(published=False, due=None, today=datetime.date(2030, 1, 1)) == "missing"
    )
