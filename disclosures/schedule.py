"""School years and the disclosure schedule: pure functions, no queries."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHOOL_YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")
DEFAULT_START_MONTH = 9

# States of a category for one school and one school year.
DONE = "done"  # a live disclosure of that category and year exists
MISSING = "missing"  # none yet, and its due date has not passed (or it has none)
LATE = "late"  # none, and its due date has passed


def start_month():
    """The month a school year starts in (settings.SCHOOL_YEAR_START_MONTH, September)."""
    return getattr(settings, "SCHOOL_YEAR_START_MONTH", DEFAULT_START_MONTH)


def validate_school_year(value):
    """ "2025-2026": two consecutive years."""
    match = SCHOOL_YEAR_PATTERN.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1 or not 1900 < int(match[1]) < 2200:
        raise ValidationError(
            _("Enter a school year as two consecutive years, for example 2025-2026."),
            code="invalid_school_year",
        )


def school_year_of(day):
    """The school year a date falls in: 2025-09-05 → "2025-2026", 2026-03-01 → "2025-2026"."""
    first = day.year if day.month >= start_month() else day.year - 1
    return f"{first}-{first + 1}"


def due_date(*, school_year, month, day):
    """The date in ``school_year`` with that month and day: months from the start month on
    fall in its first calendar year, the others in its second. 29 February becomes the 28th
    in other years. None without month and day."""
    if not month or not day:
        return None
    validate_school_year(school_year)
    first = int(school_year[:4])
    year = first if month >= start_month() else first + 1
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, 28)


def state_of(*, published, due, today):
    if published:
        return DONE
    if due is not None and today > due:
        return LATE
    return MISSING
