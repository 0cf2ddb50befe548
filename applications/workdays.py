"""Working-day arithmetic: weekends (Saturday, Sunday) and public holidays are skipped.

Plain functions over a set of holiday dates; `selectors.holiday_dates` reads the editable
holiday calendar.
"""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day, holidays):
    return day.weekday() < 5 and day not in holidays


def next_working_day(day, holidays):
    """`day` itself if it is a working day, else the next one."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start, days, holidays):
    """The date `days` working days after `start` (the day the clock starts is not counted).

    With `days == 0` ("same day") the result is `start`, or the next working day when the
    application arrives on a weekend or holiday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = next_working_day(start, holidays)
    for _ in range(days):
        day = next_working_day(day + ONE_DAY, holidays)
    return day


def working_days_between(start, end, holidays):
    """Working days in (start, end]: how many working days after `start` `end` falls."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, holidays):
            count += 1
    return count


def span_for(days):
    """A calendar span long enough to hold `days` working days whatever the holidays
    (used to bound the holiday query): Tết adds at most a working week."""
    return datetime.timedelta(days=days * 2 + 21)
