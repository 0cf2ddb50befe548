"""iCalendar (RFC 5545) export of a calendar: one VEVENT per work entry, event and meeting.

The `icalendar` package escapes text and folds long lines; times carry the
Asia/Ho_Chi_Minh zone with its VTIMEZONE; UIDs are stable per item and site."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from calendars import selectors
from calendars.timing import local_zone

PRODID = "-//Cong thong tin So GDDT//Lich//VI"

WORK, EVENTS, MEETINGS = "work", "events", "meetings"
KINDS = (WORK, EVENTS, MEETINGS)


def _stamp(page):
    return (page.last_published_at or timezone.now()).astimezone(datetime.UTC)


def _vevent(*, uid, stamp, start, end, summary, location="", description="", url=""):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def _labelled(label, value):
    # Labels are translated outside f-strings: makemessages does not look inside those.
    return f"{label}: {value}".rstrip()


def _work_events(calendar, host, request):
    for entry in selectors.work_entries_for_export(calendar=calendar):
        description = entry.participants and _labelled(_("Leads / attends"), entry.participants)
        yield _vevent(
            uid=f"lich-cong-tac-{entry.pk}@{host}",
            stamp=_stamp(entry.page),
            start=entry.starts_at,
            end=entry.ends_at,
            summary=entry.content,
            location=entry.location,
            description=description,
            url=entry.page.get_full_url(request),
        )


def _event_events(calendar, host, request):
    for page in selectors.events_for_export(calendar=calendar):
        if page.all_day:
            start = page.start_date
            end = page.last_date + datetime.timedelta(days=1)  # DTEND of a date is exclusive
        else:
            start = page.starts_at
            end = page.ends_at
        yield _vevent(
            uid=f"su-kien-{page.pk}@{host}",
            stamp=_stamp(page),
            start=start,
            end=end,
            summary=page.title,
            location=page.location,
            description=page.intro,
            url=page.get_full_url(request),
        )


def _meeting_events(calendar, host, request):
    for page in selectors.meetings_for_export(calendar=calendar):
        points = [p.name for p in page.bridge_points.all() if p.pk != page.main_bridge_id]
        lines = [_labelled(_("Chaired by"), page.chair), _labelled(_("Agenda"), "")]
        lines += [f"- {item}" for item in page.agenda_items]
        lines.append(_labelled(_("Main bridge"), page.main_bridge.name))
        if points:
            lines.append(_labelled(_("Participating bridge points"), ", ".join(points)))
        if page.public_room_url:
            lines.append(_labelled(_("Meeting room"), page.public_room_url))
        yield _vevent(
            uid=f"hop-truc-tuyen-{page.pk}@{host}",
            stamp=_stamp(page),
            start=page.starts_at,
            end=page.ends_at,
            summary=page.title,
            location=page.main_bridge.name,
            description="\n".join(lines),
            url=page.get_full_url(request),
        )


BUILDERS = {WORK: _work_events, EVENTS: _event_events, MEETINGS: _meeting_events}


def calendar_ical(*, calendar, host, name, kinds=KINDS, request=None):
    """The calendar's items of `kinds` as an iCalendar document (bytes)."""
    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", name)
    document.add("x-wr-timezone", str(local_zone()))
    for kind in kinds:
        for event in BUILDERS[kind](calendar, host, request):
            document.add_component(event)
    document.add_missing_timezones()
    return document.to_ical()
