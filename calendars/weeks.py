"""ISO weeks (Monday to Sunday) as the work calendar shows them: "2026-W48" in URLs."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from portal.querystring import MAX_YEAR, MIN_YEAR

# ASCII digits only (\d would take other scripts' digits too).
WEEK_PATTERN = re.compile(r"([0-9]{4})-W([0-9]{2})")


class InvalidWeek(ValueError):
    pass


@dataclass(frozen=True)
class Week:
    monday: datetime.date

    @classmethod
    def containing(cls, day):
        return cls(day - datetime.timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, value):
        """Parse "2026-W48"; InvalidWeek for anything else, a week the year lacks, or a year
        outside MIN_YEAR..MAX_YEAR (the previous/next links of 0001-W01 or 9999-W52 would
        leave the calendar's range of dates)."""
        match = WEEK_PATTERN.fullmatch(value or "")
        if not match:
            raise InvalidWeek(value)
        year, number = int(match[1]), int(match[2])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidWeek(value)
        try:
            return cls(datetime.date.fromisocalendar(year, number, 1))
        except ValueError:
            raise InvalidWeek(value) from None

    @classmethod
    def current(cls):
        return cls.containing(timezone.localdate())

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    @property
    def year(self):
        return self.monday.isocalendar().year

    @property
    def number(self):
        return self.monday.isocalendar().week

    @property
    def days(self):
        return [self.monday + datetime.timedelta(days=n) for n in range(7)]

    @property
    def previous(self):
        return Week(self.monday - datetime.timedelta(days=7))

    @property
    def next(self):
        return Week(self.monday + datetime.timedelta(days=7))

    def __contains__(self, day):
        return self.monday <= day <= self.sunday

    def __str__(self):
        return f"{self.year}-W{self.number:02d}"
