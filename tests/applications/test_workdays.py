"""Working-day deadlines on the editable holiday calendar."""

import datetime

import pytest

from applications import selectors, workdays
from applications.models import PublicHoliday

D = datetime.date


class TestPlainArithmetic:
    def test_skips_the_weekend(self):
        # Thursday + 2 working days = Monday.
        assert workdays.add_working_days(D(2026, 3, 5), 2, set()) == D(2026, 3, 9)

    def test_same_day_on_a_working_day(self):
        assert workdays.add_working_days(D(2026, 3, 4), 0, set()) == D(2026, 3, 4)

    def test_same_day_on_a_saturday_is_monday(self):
        assert workdays.add_working_days(D(2026, 3, 7), 0, set()) == D(2026, 3, 9)

    def test_submission_on_sunday_counts_from_monday(self):
        # Sunday → clock starts Monday; 1 working day after Monday is Tuesday.
        assert workdays.add_working_days(D(2026, 3, 8), 1, set()) == D(2026, 3, 10)

    def test_skips_a_holiday(self):
        holidays = {D(2026, 3, 10)}
        assert workdays.add_working_days(D(2026, 3, 9), 1, holidays) == D(2026, 3, 11)

    def test_negative_days_refused(self):
        with pytest.raises(ValueError):
            workdays.add_working_days(D(2026, 3, 9), -1, set())

    def test_working_days_between(self):
        assert workdays.working_days_between(D(2026, 3, 6), D(2026, 3, 10), set()) == 2
        assert workdays.working_days_between(D(2026, 3, 6), D(2026, 3, 10), {D(2026, 3, 9)}) == 1


@pytest.mark.django_db
class TestHolidayCalendar:
    def test_seeded_from_data_for_2026_and_2027(self):
        years = {day.year for day in PublicHoliday.objects.values_list("date", flat=True)}
        assert {2026, 2027} <= years
        # Tết Bính Ngọ: mùng 1 is 17 February 2026.
        assert PublicHoliday.objects.filter(date=D(2026, 2, 17)).exists()
        assert PublicHoliday.objects.filter(date=D(2027, 2, 8)).exists()

    def test_deadline_across_tet_2026(self):
        # Friday 13 Feb 2026 + 5 working days: the Tết week (16–20 Feb) and two weekends are
        # skipped → Friday 27 Feb.
        assert selectors.due_date(start=D(2026, 2, 13), days=5) == D(2026, 2, 27)

    def test_deadline_across_the_april_holidays(self):
        # Wed 29 Apr 2026 + 2: Thu 30/4 and Fri 1/5 are holidays, then the weekend → Tue 5 May.
        assert selectors.due_date(start=D(2026, 4, 29), days=2) == D(2026, 5, 5)

    def test_an_added_holiday_moves_the_deadline(self):
        start = D(2026, 6, 1)  # Monday
        assert selectors.due_date(start=start, days=2) == D(2026, 6, 3)
        PublicHoliday.objects.create(date=D(2026, 6, 2), name="Ngày nghỉ đột xuất")
        assert selectors.due_date(start=start, days=2) == D(2026, 6, 4)

    def test_a_removed_holiday_no_longer_counts(self):
        PublicHoliday.objects.filter(date=D(2026, 9, 1)).delete()
        # Mon 31 Aug + 1 = Tue 1 Sep once it is no longer a holiday.
        assert selectors.due_date(start=D(2026, 8, 31), days=1) == D(2026, 9, 1)

    def test_long_time_limit_over_tet_2027(self):
        # Fri 29 Jan 2027 + 15 working days; Tết 2027 holidays 4, 5, 8, 9, 10 Feb.
        holidays = {D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10)}
        expected = workdays.add_working_days(D(2027, 1, 29), 15, holidays)
        assert expected == D(2027, 2, 26)
        assert selectors.due_date(start=D(2027, 1, 29), days=15) == expected
