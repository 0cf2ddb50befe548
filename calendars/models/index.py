from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Site

from calendars.weeks import InvalidWeek, Week
from portal.blocks import body_blocks
from portal.listing import paginate_or_404
from portal.models.base import PortalPage

ITEMS_PER_PAGE = 10
OVERVIEW_COUNT = 5
WEEK_PARAM = "tuan"


class CalendarIndexPage(RoutablePageMixin, PortalPage):
    """A site's calendars (lịch): the leaders' weekly work calendar, events, the online
    meeting schedule and, for schools, the timetable. The department and every school use
    this same page; a school's "calendar" section is one."""

    intro = models.TextField(_("introduction"), blank=True)
    timetable = StreamField(
        body_blocks(),
        verbose_name=_("timetable"),
        blank=True,
        help_text=_("The timetable (thời khoá biểu): a table, or a PDF or image attached."),
    )

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("timetable")]

    parent_page_types = ["portal.HomePage", "school_sites.SchoolHomePage"]
    subpage_types = ["calendars.WorkWeekPage", "calendars.EventPage", "calendars.MeetingPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("calendar index")
        verbose_name_plural = _("calendar indexes")

    def get_description(self):
        return self.search_description or self.intro

    def get_sitemap_urls(self, request=None):
        """The page and its work calendar, events and meetings views."""
        urls = super().get_sitemap_urls(request)
        if urls:
            base = urls[0]["location"]
            for name in ("work", "events", "meetings"):
                urls.append({**urls[0], "location": base + self.reverse_subpage(name)})
        return urls

    # --- helpers -----------------------------------------------------------------------

    def kinds_in_use(self):
        """Which kinds of item this calendar has published: one query."""
        from calendars.models import EventPage, MeetingPage, WorkWeekPage

        types = set(self.get_children().live().values_list("content_type_id", flat=True).distinct())
        by_model = ContentType.objects.get_for_models(WorkWeekPage, EventPage, MeetingPage)
        return {
            "work": by_model[WorkWeekPage].pk in types,
            "events": by_model[EventPage].pk in types,
            "meetings": by_model[MeetingPage].pk in types,
        }

    def paginate(self, request, items):
        return paginate_or_404(items, per_page=ITEMS_PER_PAGE, request=request)

    def render_view(self, request, view, template=None, status=200, **context):
        response = self.render(
            request,
            template=template or f"calendars/calendar_{view}.html",
            context_overrides={
                "view": view,
                "kinds": self.kinds_in_use(),
                "calendar": self,
                **context,
            },
        )
        response.status_code = status
        return response

    # --- public views -------------------------------------------------------------------

    @path("")
    def overview(self, request):
        from calendars import selectors

        week = Week.current()
        work_week = selectors.work_week_page(calendar=self, week=week)
        return self.render(
            request,
            context_overrides={
                "view": "overview",
                "kinds": self.kinds_in_use(),
                "calendar": self,
                "week": week,
                "work_week": work_week,
                "work_week_days": selectors.week_days(
                    week=week, entries=work_week.entries.all() if work_week else []
                ),
                "events": list(selectors.upcoming_events(calendar=self)[:OVERVIEW_COUNT]),
                "meetings": list(selectors.upcoming_meetings(calendar=self)[:OVERVIEW_COUNT]),
            },
        )

    @path("lich-cong-tac/", name="work")
    def work(self, request):
        from calendars import selectors

        raw = request.GET.get(WEEK_PARAM)
        try:
            week = Week.parse(raw) if raw else Week.current()
        except InvalidWeek:
            return self.render_view(
                request,
                "work",
                status=400,
                week=Week.current(),
                error=_("“%(value)s” is not a week. Use the form year-Wweek, e.g. %(example)s.")
                % {"value": raw[:20], "example": Week.current()},
            )
        work_week = selectors.work_week_page(calendar=self, week=week)
        entries = work_week.entries.all() if work_week else []
        return self.render_view(
            request,
            "work",
            week=week,
            work_week=work_week,
            days=selectors.week_days(week=week, entries=entries),
            recent_weeks=selectors.recent_work_weeks(calendar=self),
        )

    @path("su-kien/", name="events")
    def events(self, request):
        from calendars import selectors

        items = self.paginate(request, selectors.upcoming_events(calendar=self))
        return self.render_view(request, "events", items=items, past=False)

    @path("su-kien/da-dien-ra/", name="past_events")
    def past_events(self, request):
        from calendars import selectors

        items = self.paginate(request, selectors.past_events(calendar=self))
        return self.render_view(request, "events", items=items, past=True)

    @path("lich-hop/", name="meetings")
    def meetings(self, request):
        from calendars import selectors

        items = self.paginate(request, selectors.upcoming_meetings(calendar=self))
        return self.render_view(request, "meetings", items=items, past=False)

    @path("lich-hop/da-dien-ra/", name="past_meetings")
    def past_meetings(self, request):
        from calendars import selectors

        items = self.paginate(request, selectors.past_meetings(calendar=self))
        return self.render_view(request, "meetings", items=items, past=True)

    # --- iCalendar ----------------------------------------------------------------------

    def ical_response(self, request, kinds, name):
        from calendars.ical import calendar_ical

        site = Site.find_for_request(request) or self.get_site()
        body = calendar_ical(
            calendar=self, host=site.hostname, name=str(name), kinds=kinds, request=request
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.ics"'
        return response

    @path("ical/", name="ical")
    def ical(self, request):
        from calendars.ical import KINDS

        return self.ical_response(request, KINDS, self.title)

    @path("lich-cong-tac/ical/", name="work_ical")
    def work_ical(self, request):
        from calendars.ical import WORK

        return self.ical_response(request, (WORK,), _("Work calendar"))

    @path("su-kien/ical/", name="events_ical")
    def events_ical(self, request):
        from calendars.ical import EVENTS

        return self.ical_response(request, (EVENTS,), _("Events"))

    @path("lich-hop/ical/", name="meetings_ical")
    def meetings_ical(self, request):
        from calendars.ical import MEETINGS

        return self.ical_response(request, (MEETINGS,), _("Online meeting schedule"))
