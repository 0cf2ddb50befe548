"""The fleet dashboard: parse the filters, call sites.fleet.fleet_rows, render or export."""

import csv
import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from disclosures.schedule import school_year_of, validate_school_year
from portal.listing import paginate_or_404
from portal.spreadsheets import spreadsheet_safe
from sites import fleet
from sites.models import AdministrativeUnit, SchoolLevel, SchoolType

PER_PAGE = 50
PERMISSION = "school_sites.view_school"
TEMPLATE = "school_sites/fleet/index.html"
FORBIDDEN_TEMPLATE = "school_sites/fleet/forbidden.html"

YES_NO = [("", gettext_lazy("All")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
COLUMNS = [  # (sort key, header)
    ("name", gettext_lazy("School")),
    ("code", gettext_lazy("Code")),
    ("unit", gettext_lazy("Administrative unit")),
    ("levels", gettext_lazy("Levels")),
    ("type", gettext_lazy("Type")),
    ("missing", gettext_lazy("Missing sections")),
    ("empty", gettext_lazy("Empty sections")),
    ("last_published", gettext_lazy("Last published")),
    ("pending", gettext_lazy("Pending moderation")),
    ("stale", gettext_lazy("Stale")),
    ("disclosures", gettext_lazy("Public disclosures")),
]


def can_view_fleet(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class FleetFilterForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("school", "Name or code"), required=False, max_length=100
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Administrative unit"),
        queryset=AdministrativeUnit.objects.all(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    level = forms.ModelChoiceField(
        label=gettext_lazy("Level"),
        queryset=SchoolLevel.objects.all(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    school_type = forms.ModelChoiceField(
        label=gettext_lazy("Type"),
        queryset=SchoolType.objects.all(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            (fleet.STATUS_ACTIVE, gettext_lazy("Active")),
            (fleet.STATUS_ARCHIVED, gettext_lazy("Archived")),
            (fleet.STATUS_ALL, gettext_lazy("All")),
        ],
        required=False,
    )
    problems = forms.ChoiceField(label=gettext_lazy("Has problems"), choices=YES_NO, required=False)
    stale = forms.ChoiceField(label=gettext_lazy("Stale"), choices=YES_NO, required=False)
    stale_days = forms.IntegerField(
        label=gettext_lazy("Stale after (days)"), min_value=1, max_value=3650, required=False
    )
    school_year = forms.CharField(
        label=gettext_lazy("Disclosures of school year"),
        required=False,
        max_length=9,
        validators=[validate_school_year],
    )
    disclosures = forms.ChoiceField(
        label=gettext_lazy("Public disclosures"),
        choices=[
            ("", gettext_lazy("All")),
            (fleet.DISCLOSURES_LATE, gettext_lazy("Late")),
            (fleet.DISCLOSURES_MISSING, gettext_lazy("Missing or late")),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in fleet.SORT_KEYS]
        + [(f"-{key}", f"-{key}") for key in fleet.SORT_KEYS],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stale_days"].widget.attrs["placeholder"] = fleet.stale_days_default()
        self.fields["school_year"].widget.attrs["placeholder"] = school_year_of(
            timezone.localdate()
        )

    def filters(self):
        """The keyword arguments of fleet.fleet_rows (call after is_valid())."""
        data = self.cleaned_data

        def yes_no(value):
            return {"yes": True, "no": False}.get(value)

        return {
            "status": data["status"] or fleet.STATUS_ACTIVE,
            "unit": data["unit"],
            "level": data["level"],
            "school_type": data["school_type"],
            "query": data["q"].strip(),
            "has_problems": yes_no(data["problems"]),
            "stale": yes_no(data["stale"]),
            "stale_days": data["stale_days"] or fleet.stale_days_default(),
            "sort": data["sort"] or "name",
            "school_year": data["school_year"].strip() or None,
            "disclosures": data["disclosures"] or None,
        }


def _querystring(params, **changes):
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _sort_links(params, current):
    current_key = current.lstrip("-")
    descending = current.startswith("-")
    links = []
    for key, label in COLUMNS:
        active = key == current_key
        target = key if (not active or descending) else f"-{key}"
        links.append(
            {
                "key": key,
                "label": label,
                "active": active,
                "descending": active and descending,
                "url": "?" + _querystring(params, sort=target, p=None, export=None),
            }
        )
    return links


def fleet_view(request):
    if not can_view_fleet(request.user):
        return render(request, FORBIDDEN_TEMPLATE, status=403)

    form = FleetFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            TEMPLATE,
            {"form": form, "page_title": _("School fleet"), "invalid": True},
            status=400,
        )
    filters = form.filters()
    rows = fleet.fleet_rows(**filters)
    school_year = filters["school_year"] or school_year_of(timezone.localdate())

    if request.GET.get("export") == "csv":
        return fleet_csv(rows, stale_days=filters["stale_days"], school_year=school_year)

    page = paginate_or_404(rows, per_page=PER_PAGE, request=request, param="p")

    params = request.GET.copy()
    context = {
        "form": form,
        "page_title": _("School fleet"),
        "page": page,
        "rows": page.object_list,
        "summary": fleet.fleet_summary(rows),
        "columns": _sort_links(params, filters["sort"]),
        "stale_days": filters["stale_days"],
        "school_year": school_year,
        "export_url": "?" + _querystring(params, export="csv", p=None),
        "page_query": _querystring(params, p=None, export=None),
        "workflow_report_url": reverse("wagtailadmin_reports:workflow"),
    }
    return render(request, TEMPLATE, context)


def _csv_safe(value):
    """Keep spreadsheet programs from evaluating a cell as a formula."""
    return spreadsheet_safe(str(value))


def fleet_csv(rows, *, stale_days, school_year):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("School"),
            _("Code"),
            _("Administrative unit"),
            _("Levels"),
            _("Type"),
            _("Status"),
            _("Website"),
            _("Home page published"),
            _("Missing sections"),
            _("Empty sections"),
            _("Last published"),
            _("Days since last publication"),
            _("Pending moderation"),
            _("Stale (no publication for %(days)s days)") % {"days": stale_days},
            _("Problems"),
            _("Late disclosures (%(year)s)") % {"year": school_year},
            _("Disclosures not yet published (%(year)s)") % {"year": school_year},
        ]
    )
    yes, no = _("Yes"), _("No")
    for row in rows:
        school = row.school
        last = timezone.localtime(row.last_published) if row.last_published else None
        writer.writerow(
            [
                _csv_safe(school.name),
                _csv_safe(school.code),
                _csv_safe(school.administrative_unit),
                _csv_safe(row.level_names),
                _csv_safe(row.school_type_name),
                school.get_status_display(),
                school.url,
                yes if row.home_live else no,
                "; ".join(_problem_text(problem) for problem in row.missing),
                "; ".join(str(problem.label) for problem in row.empty),
                last.strftime("%Y-%m-%d %H:%M") if last else "",
                "" if row.days_since_publication is None else row.days_since_publication,
                row.pending,
                yes if row.stale else no,
                row.problems,
                "; ".join(_csv_safe(category.name) for category in row.disclosures_late),
                "; ".join(_csv_safe(category.name) for category in row.disclosures_missing),
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"fleet-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _problem_text(problem):
    if problem.problem == fleet.UNPUBLISHED:
        return _("%(section)s (unpublished)") % {"section": problem.label}
    return str(problem.label)
