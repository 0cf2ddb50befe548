"""Reads of a calendar's items, always below one calendar index page (hence one site)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.query import PageQuerySet

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from calendars.models import BridgePoint, EventPage, MeetingPage, WorkEntry, WorkWeekPage


@dataclass(frozen=True)
class Day:
    date: object
    entries: list


def week_days(*, week, entries) -> list[Day]:
    """The seven days of the week with their entries, in time order."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.date].append(entry)
    return [
        Day(day, sorted(by_day[day], key=lambda e: (e.start_time, e.sort_order or 0)))
        for day in week.days
    ]


def _visible(queryset):
    return queryset.live().public()


WORK_WEEK_ARCHIVE = 10


def work_week_page(*, calendar, week) -> WorkWeekPage | None:
    """The published work calendar of `week` under `calendar`, with its entries; or None."""
    return (
        _visible(WorkWeekPage.objects.child_of(calendar))
        .filter(week_start=week.monday)
        .prefetch_related(
            Prefetch("entries", queryset=WorkEntry.objects.order_by("date", "start_time"))
        )
        .first()
    )


def recent_work_weeks(*, calendar, limit=WORK_WEEK_ARCHIVE) -> list[WorkWeekPage]:
    """The latest published work calendars under `calendar`, newest first (title and URL)."""
    return list(
        _visible(WorkWeekPage.objects.child_of(calendar))
        .order_by("-week_start")
        .only("title", "url_path", "week_start")[:limit]
    )


def upcoming_events(*, calendar, today=None) -> PageQuerySet:
    today = today or timezone.localdate()
    return (
        _visible(EventPage.objects.child_of(calendar))
        .filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
        .order_by("start_date", "start_time", "pk")
    )


def past_events(*, calendar, today=None) -> PageQuerySet:
    today = today or timezone.localdate()
    return (
        _visible(EventPage.objects.child_of(calendar))
        .filter(Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today))
        .order_by("-start_date", "-start_time", "-pk")
    )


def _meetings(queryset):
    return queryset.select_related("main_bridge").prefetch_related(
        Prefetch("bridge_points", queryset=BridgePoint.objects.all())
    )


def upcoming_meetings(*, calendar, today=None) -> PageQuerySet:
    today = today or timezone.localdate()
    return _meetings(
        _visible(MeetingPage.objects.child_of(calendar))
        .filter(date__gte=today)
        .order_by("date", "start_time", "pk")
    )


def past_meetings(*, calendar, today=None) -> PageQuerySet:
    today = today or timezone.localdate()
    return _meetings(
        _visible(MeetingPage.objects.child_of(calendar))
        .filter(date__lt=today)
        .order_by("-date", "-start_time", "-pk")
    )


def work_entries_for_export(*, calendar) -> QuerySet[WorkEntry]:
    return (
        WorkEntry.objects.filter(
            page__in=_visible(WorkWeekPage.objects.child_of(calendar)).values("pk")
        )
        .select_related("page")
        .order_by("date", "start_time", "pk")
    )


def events_for_export(*, calendar) -> PageQuerySet:
    return _visible(EventPage.objects.child_of(calendar)).order_by("start_date", "pk")


def meetings_for_export(*, calendar) -> PageQuerySet:
    return _meetings(_visible(MeetingPage.objects.child_of(calendar))).order_by("date", "pk")
