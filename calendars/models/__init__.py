from calendars.models.bridges import BridgePoint
from calendars.models.events import EventPage
from calendars.models.index import CalendarIndexPage
from calendars.models.meetings import MeetingPage
from calendars.models.work import WorkEntry, WorkWeekPage

__all__ = [
    "BridgePoint",
    "CalendarIndexPage",
    "EventPage",
    "MeetingPage",
    "WorkEntry",
    "WorkWeekPage",
]
