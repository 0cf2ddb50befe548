"""Dates and times of calendar items: local (Asia/Ho_Chi_Minh) date + optional times."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day, time):
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


def timing_errors(*, start_date, start_time=None, end_date=None, end_time=None, prefix=""):
    """Errors ({field: message}) of a start/end pair; an empty dict when they make sense.

    `end_date` empty means the same day; a time missing on both ends means all day."""
    errors = {}
    if start_date is None:
        return errors
    last_day = end_date or start_date
    if end_date and end_date < start_date:
        errors[f"{prefix}end_date"] = _("The end date cannot be before the start date.")
    elif end_time and not start_time:
        errors[f"{prefix}start_time"] = _("Give the start time when you give an end time.")
    elif end_time and start_time and last_day == start_date and end_time <= start_time:
        errors[f"{prefix}end_time"] = _("The end time must be after the start time.")
    return errors
