from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from calendars.timing import local_datetime, timing_errors
from calendars.weeks import Week
from portal.models.base import PortalPage


def week_title(week):
    return _("Work calendar, week %(number)s (%(monday)s – %(sunday)s)") % {
        "number": week.number,
        "monday": week.monday.strftime("%d/%m"),
        "sunday": week.sunday.strftime("%d/%m/%Y"),
    }


def week_slug(week):
    return f"tuan-{week.year}-w{week.number:02d}"


class WorkWeekPageForm(WagtailAdminPageForm):
    """The editor picks any day of the week; the title and slug follow from it when left
    empty, and every entry must fall inside the week."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["slug"].required = False

    def clean(self):
        day = self.cleaned_data.get("week_start")
        if day:
            week = Week.containing(day)
            self.cleaned_data["week_start"] = week.monday
            if not self.cleaned_data.get("title"):
                self.cleaned_data["title"] = str(week_title(week))
            if not self.cleaned_data.get("slug"):
                self.cleaned_data["slug"] = week_slug(week)
            self._check_unique_week(week)
            self._check_entries(week)
        elif not self.cleaned_data.get("title"):
            self.add_error("title", _("This field is required."))
        return super().clean()

    def _check_unique_week(self, week):
        parent = self.parent_page
        if parent is None:
            return
        others = WorkWeekPage.objects.child_of(parent).filter(week_start=week.monday)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "week_start", _("This calendar already has a work calendar for that week.")
            )

    def _check_entries(self, week):
        formset = self.formsets["entries"]
        formset.is_valid()  # clean the entries now, to check them against the week
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            day = data.get("date")
            if day and day not in week:
                form.add_error(
                    "date",
                    _("This day is not in the week from %(monday)s to %(sunday)s.")
                    % {
                        "monday": week.monday.strftime("%d/%m/%Y"),
                        "sunday": week.sunday.strftime("%d/%m/%Y"),
                    },
                )
        # A child form's error must also stop the page form from saving.
        if any(form.errors for form in formset.forms):
            self.add_error(None, _("Correct the entries marked below."))


class WorkWeekPage(PortalPage):
    """One week of the leaders' work calendar (lịch công tác tuần): written, moderated and
    published as one unit, the way Vietnamese offices issue it."""

    week_start = models.DateField(
        _("week"),
        help_text=_("Any day of the week; the calendar runs from its Monday to its Sunday."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Shown under the calendar, e.g. who issued it or how changes are announced."),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("week_start"),
        InlinePanel("entries", heading=_("Entries"), label=_("Entry")),
        FieldPanel("note"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.RelatedFields(
            "entries", [index.SearchField("content"), index.SearchField("location")]
        ),
        index.FilterField("week_start"),
    ]
    base_form_class = WorkWeekPageForm

    search_content_label = _("Work calendar")

    def get_search_date(self):
        return self.week_start

    def get_search_text(self):
        """The week's entries (what, where) and the note: the default would miss the entries."""
        entries = [f"{entry.content} {entry.location}" for entry in self.entries.all()]
        return " ".join([self.search_description, self.note, *entries])

    parent_page_types = ["calendars.CalendarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("weekly work calendar")
        verbose_name_plural = _("weekly work calendars")

    @property
    def week(self):
        return Week.containing(self.week_start)

    def full_clean(self, *args, **kwargs):
        if self.week_start:
            self.week_start = self.week.monday
        if not self.title and self.week_start:
            self.title = str(week_title(self.week))
        if not self.slug and self.week_start:
            self.slug = week_slug(self.week)
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from calendars.selectors import week_days

        context = super().get_context(request, *args, **kwargs)
        context["week"] = self.week
        context["days"] = week_days(week=self.week, entries=self.entries.all())
        context["calendar"] = self.get_parent().specific
        return context


class WorkEntry(Orderable):
    page = ParentalKey(WorkWeekPage, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("day"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    content = models.TextField(_("content"))
    participants = models.TextField(
        _("leads / attends"),
        blank=True,
        help_text=_("Who chairs and who attends, e.g. “Giám đốc Sở; Trưởng phòng GDTrH”."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("start_time"),
        FieldPanel("end_time"),
        FieldPanel("content", widget=forms.Textarea(attrs={"rows": 2})),
        FieldPanel("participants", widget=forms.Textarea(attrs={"rows": 2})),
        FieldPanel("location"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("work calendar entry")
        verbose_name_plural = _("work calendar entries")

    def __str__(self):
        return self.content

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        errors = timing_errors(
            start_date=self.date, start_time=self.start_time, end_time=self.end_time
        )
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self):
        return local_datetime(self.date, self.start_time)

    @property
    def ends_at(self):
        return local_datetime(self.date, self.end_time) if self.end_time else None
