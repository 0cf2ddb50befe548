from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from calendars.timing import local_datetime, timing_errors
from portal.models.base import PortalPage

https_only = URLValidator(
    schemes=["https"], message=_("Enter a meeting-room link that starts with https://.")
)


class MeetingPage(PortalPage):
    """An online meeting (họp trực tuyến) of the department's video-conference system: the
    main bridge hosts it, the participating bridge points join."""

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    chair = models.CharField(_("chaired by"), max_length=255)
    agenda = models.TextField(_("agenda"), help_text=_("One item per line."))
    main_bridge = models.ForeignKey(
        "calendars.BridgePoint",
        verbose_name=_("main bridge"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    bridge_points = ParentalManyToManyField(
        "calendars.BridgePoint",
        verbose_name=_("participating bridge points"),
        blank=True,
        related_name="meetings",
    )
    room_url = models.URLField(
        _("meeting room link"),
        blank=True,
        max_length=500,
        validators=[https_only],
        help_text=_("The https:// link to join the online room; leave empty to not publish it."),
    )
    note = models.TextField(_("note"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
            ],
            heading=_("Time"),
        ),
        FieldPanel("chair"),
        FieldPanel("agenda"),
        FieldPanel("main_bridge", widget=forms.Select),  # school editors hold no snippet rights
        FieldPanel("bridge_points", widget=forms.CheckboxSelectMultiple),
        FieldPanel("room_url"),
        FieldPanel("note"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("agenda"),
        index.SearchField("chair"),
        index.FilterField("date"),
    ]

    search_content_label = _("Meeting schedule")

    def get_search_date(self):
        return local_datetime(self.date, self.start_time)

    parent_page_types = ["calendars.CalendarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("online meeting")
        verbose_name_plural = _("online meetings")

    def clean(self):
        super().clean()
        errors = timing_errors(
            start_date=self.date, start_time=self.start_time, end_time=self.end_time
        )
        if errors:
            raise ValidationError(errors)

    @property
    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def public_room_url(self):
        """The room link, only when it is a valid https URL (older rows included)."""
        try:
            https_only(self.room_url)
        except ValidationError:
            return ""
        return self.room_url

    @property
    def starts_at(self):
        return local_datetime(self.date, self.start_time)

    @property
    def ends_at(self):
        return local_datetime(self.date, self.end_time) if self.end_time else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["participants"] = list(
            self.bridge_points.exclude(pk=self.main_bridge_id).select_related("school__site")
        )
        return context
