"""The department's statistics of online applications, in the Wagtail admin: a filter form,
summary figures, bar charts drawn on the server as inline SVG (portal.charts: no JavaScript,
nothing from another site) with the same figures in tables, and a CSV export."""

import csv
import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from applications import permissions, statistics
from portal.charts import bar_chart
from portal.spreadsheets import spreadsheet_safe_row

MAX_DAYS = 10 * 366


def default_period(today=None):
    """The last twelve months: the first day of the month eleven months ago to today."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _month in range(11):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, today


class StatisticsFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False,
        label=gettext_lazy("Submitted from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        required=False,
        label=gettext_lazy("Submitted to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    definition = forms.ModelChoiceField(
        Page.objects.none(), required=False, label=gettext_lazy("Procedure")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The definitions of the user's scope, as in the back office queue.
        self.fields["definition"].queryset = permissions.definitions_for_user(user)

    def clean(self):
        data = super().clean()
        default_from, default_to = default_period()
        data["date_from"] = data.get("date_from") or default_from
        data["date_to"] = data.get("date_to") or default_to
        if data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date must be on or before the end date."))
        if (data["date_to"] - data["date_from"]).days > MAX_DAYS:
            raise ValidationError(_("Choose a period of at most ten years."))
        return data


def _percent(rate):
    return "—" if rate is None else number_format(round(rate * 100, 1), 1) + " %"


def _days(days):
    return "—" if days is None else number_format(round(days, 1), 1)


def _figures(stats):
    """The summary figures, labelled, as shown on the page and in the CSV."""
    summary = stats.summary
    return [
        (_("Applications submitted"), summary.total),
        (_("Still open"), summary.open),
        (_("Overdue"), summary.overdue),
        (_("Decided"), summary.decided),
        (_("Decided on time"), summary.on_time),
        (_("On-time rate"), _percent(summary.on_time_rate)),
        (_("Average processing time (working days)"), _days(summary.average_working_days)),
        (_("Average processing time (calendar days)"), _days(summary.average_days)),
    ]


def index(request):
    if not permissions.can_use_back_office(request.user):
        raise PermissionDenied
    form = StatisticsFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return TemplateResponse(
            request, "applications/statistics/index.html", {"form": form}, status=400
        )
    data = form.cleaned_data if request.GET else {}
    date_from, date_to = default_period()
    date_from = data.get("date_from") or date_from
    date_to = data.get("date_to") or date_to
    stats = statistics.application_statistics(
        applications=permissions.applications_for_user(request.user),
        date_from=date_from,
        date_to=date_to,
        definition=data.get("definition"),
    )
    if request.GET.get("export") == "csv":
        return as_csv(stats, definition=data.get("definition"))
    labels = {
        "item_label": _("Item"),
        "value_label": _("Applications"),
        "empty": _("No application in this period."),
    }
    charts = [
        bar_chart(stats.by_month, title=_("Applications by month"), chart_id="by-month", **labels),
        bar_chart(
            stats.by_definition,
            title=_("Applications by procedure"),
            chart_id="by-procedure",
            **labels,
        ),
        bar_chart(
            stats.by_status, title=_("Applications by status"), chart_id="by-status", **labels
        ),
    ]
    return TemplateResponse(
        request,
        "applications/statistics/index.html",
        {"form": form, "stats": stats, "figures": _figures(stats), "charts": charts},
    )


def as_csv(stats, *, definition=None):
    """The same figures as the page: no personal data (counts only)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-ho-so-{stats.date_from:%Y%m%d}-{stats.date_to:%Y%m%d}.csv"'
    )
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    rows = [
        [_("Submitted from"), stats.date_from.strftime("%d/%m/%Y")],
        [_("Submitted to"), stats.date_to.strftime("%d/%m/%Y")],
        [_("Procedure"), definition.title if definition else _("All procedures")],
        [],
        *[[label, value] for label, value in _figures(stats)],
    ]
    for heading, group in (
        (_("Applications by month"), stats.by_month),
        (_("Applications by procedure"), stats.by_definition),
        (_("Applications by status"), stats.by_status),
    ):
        rows += [[], [heading, _("Applications")], *[[row.label, row.count] for row in group]]
    for row in rows:
        writer.writerow(spreadsheet_safe_row(row))
    return response
