from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from calendars.timing import local_datetime, timing_errors
from portal.blocks import body_blocks
from portal.models.base import PortalPage


class EventPage(PortalPage):
    """A school or department event: one day or several, all day or at given times."""

    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for an all-day event.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if it ends the same day.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists."))
    body = StreamField(body_blocks(), verbose_name=_("description"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("location"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("location"),
        index.FilterField("start_date"),
    ]

    search_content_label = _("Events")

    def get_search_date(self):
        if self.start_time:
            return local_datetime(self.start_date, self.start_time)
        return self.start_date

    parent_page_types = ["calendars.CalendarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = timing_errors(
            start_date=self.start_date,
            start_time=self.start_time,
            end_date=self.end_date,
            end_time=self.end_time,
        )
        if errors:
            raise ValidationError(errors)

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def last_date(self):
        return self.end_date or self.start_date

    @property
    def starts_at(self):
        return local_datetime(self.start_date, self.start_time) if self.start_time else None

    @property
    def ends_at(self):
        if self.end_time:
            return local_datetime(self.last_date, self.end_time)
        return None

    def get_description(self):
        return self.search_description or self.intro
