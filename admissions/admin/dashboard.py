"""The round's dashboard and the council's exports, in the Wagtail admin (menu "Tuyển sinh").

- ``/admin/tuyen-sinh/so-lieu/``: the rounds of a school year, one per grade, with their
  totals;
- ``/admin/tuyen-sinh/so-lieu/<round>/``: a round's dashboard: registrations per school
  against its places with the NV1 demand and ratio, by commune or ward of residence,
  verification progress, flagged duplicates (linked to the back office), places waiting for
  confirmation and the time left, practice registrations apart; charts drawn on the server
  (portal.charts) with the same figures in tables;
- ``…/<round>/xuat/dang-ky/`` and ``…/xuat/trung-tuyen/``: the registrations and the admitted
  pupils as Excel (admissions/exports.py), for one school or (the department) every school.

The department's admissions officers and superusers see every school; a school's staff see
the same pages limited to their own school (admissions.dashboard.dashboard_scope). The pages
show counts, receipt codes and school names only. Each export is one entry in Wagtail's audit
log on the round (who, which list, which school, how many rows: never the data).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log

from admissions import dashboard, exports
from admissions.models import AdmissionRoundPage
from portal.charts import bar_chart
from sites.models import School

EXPORT_ACTION = "admissions.export_list"
CHART_ROWS = 20


def _scope_or_403(request):
    scope = dashboard.dashboard_scope(request.user)
    if scope.empty:
        raise PermissionDenied
    return scope


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("School year"), coerce=int, required=False, choices=()
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}–{year + 1}") for year in years]


@never_cache
def index(request):
    scope = _scope_or_403(request)
    years = dashboard.school_years()
    form = YearForm(request.GET or None, years=years)
    status = 200
    year = years[0] if years else None
    if request.GET:
        if form.is_valid():
            year = form.cleaned_data["year"] or year
        else:
            status = 400
    rounds = dashboard.rounds_summary(school_year=year, scope=scope) if year else []
    return TemplateResponse(
        request,
        "admissions/admin/dashboard_index.html",
        {
            "form": form,
            "rounds": rounds,
            "year": year,
            "school_scope": not scope.everything,
        },
        status=status,
    )


class SchoolFilterForm(forms.Form):
    """Which school's rows: one of the round's schools within the user's scope."""

    school = forms.ModelChoiceField(
        School.objects.none(),
        required=False,
        to_field_name="code",
        label=gettext_lazy("School"),
        empty_label=gettext_lazy("Every school"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "This school has no approved plan in this round, or it is not yours."
            )
        },
    )

    def __init__(self, *args, round_page, scope, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.filter(
            admission_plans__round=round_page, admission_plans__live=True
        ).order_by("name")
        if not scope.everything:
            schools = schools.filter(pk__in=scope.school_ids)
        self.fields["school"].queryset = schools
        self.one_school = not scope.everything and len(scope.school_ids) <= 1


def _round_and_scope(request, round_id):
    """The round, the user's scope narrowed by the school filter, the form and the school
    chosen; a filter that is not valid gives the form with its errors (and no scope)."""
    scope = _scope_or_403(request)
    round_page = get_object_or_404(AdmissionRoundPage, pk=round_id)
    form = SchoolFilterForm(request.GET or None, round_page=round_page, scope=scope)
    school = None
    if request.GET.get("school"):
        if not form.is_valid():
            return round_page, None, form, None
        school = form.cleaned_data["school"]
    elif form.one_school and scope.school_ids:
        # The staff of one school: everything they see is their school's.
        school = School.objects.filter(pk__in=scope.school_ids).first()
    if school is not None:
        scope = scope.narrowed_to(school.pk)
    return round_page, scope, form, school


def _charts(board):
    charts = [
        bar_chart(
            board.demand_bars(CHART_ROWS),
            title=_("NV1 demand against places (the highest ratios)"),
            chart_id="demand",
            item_label=_("School"),
            value_label=_("NV1 demand"),
            mark_label=_("Places to fill"),
            empty=_("No school has an approved plan yet."),
        ),
        bar_chart(
            board.verification_bars(),
            title=_("Verification progress"),
            chart_id="verification",
            item_label=_("Status"),
            value_label=_("Registrations"),
            empty=_("No registration yet."),
        ),
        bar_chart(
            board.commune_bars(CHART_ROWS),
            title=_("Registrations by commune or ward of residence (the most first)"),
            chart_id="communes",
            item_label=_("Commune or ward"),
            value_label=_("Registrations"),
            empty=_("No registration yet."),
        ),
    ]
    if board.totals.admitted or board.totals.confirmed or board.totals.released:
        charts.append(
            bar_chart(
                board.confirmation_bars(),
                title=_("Places given and their confirmation"),
                chart_id="confirmation",
                item_label=_("Outcome"),
                value_label=_("Pupils"),
            )
        )
    return charts


@never_cache
def round_view(request, round_id):
    round_page, scope, form, school = _round_and_scope(request, round_id)
    context = {"round": round_page, "form": form, "school": school}
    if scope is None:
        return TemplateResponse(
            request, "admissions/admin/dashboard_round.html", context, status=400
        )
    board = dashboard.round_dashboard(round_page, scope=scope)
    query = f"?school={school.code}" if school else ""
    context.update(
        board=board,
        charts=_charts(board),
        verification_labels=[label for _key, label, _count in board.verification],
        school_scope=not scope.everything,
        own_school_ids=scope.school_ids,
        everything=scope.everything,
        export_query=query,
    )
    return TemplateResponse(request, "admissions/admin/dashboard_round.html", context)


LISTS = {
    "registrations": ("dang-ky", gettext_lazy("Registrations")),
    "admitted": ("trung-tuyen", gettext_lazy("Admitted pupils")),
}


@never_cache
def export(request, round_id, list_name):
    round_page, scope, form, school = _round_and_scope(request, round_id)
    if scope is None:
        return TemplateResponse(
            request,
            "admissions/admin/dashboard_round.html",
            {"round": round_page, "form": form},
            status=400,
        )
    slug, label = LISTS[list_name]
    if school is not None:
        schools, names = [school.code], school.name
    elif scope.everything:
        schools, names = "all", _("Every school")
    else:  # the staff of several schools: theirs
        chosen = list(School.objects.filter(pk__in=scope.school_ids).order_by("code"))
        schools, names = [s.code for s in chosen], ", ".join(s.name for s in chosen)
    if list_name == "registrations":
        sheet = exports.registrations_sheet(
            round_page,
            dashboard.registrations_for_export(round_page, scope=scope).iterator(chunk_size=2000),
            tracks=dashboard.round_tracks(round_page),
        )
    else:
        sheet = exports.admitted_sheet(
            round_page,
            dashboard.admitted_for_export(round_page, scope=scope).iterator(chunk_size=2000),
        )
    response, rows = exports.workbook_response(
        sheet,
        filename=exports.filename_for(round_page, list_slug=slug, schools=schools),
        about=lambda count: exports.about_rows(
            round_page=round_page,
            schools=names,
            list_label=str(label),
            rows=count,
            user=request.user,
        ),
    )
    # Who, which list, which filter, how many rows: never the data.
    log(
        instance=round_page,
        action=EXPORT_ACTION,
        user=request.user,
        data={"list": list_name, "schools": schools, "rows": rows},
    )
    return response


# --- registration with Wagtail --------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    urls = [
        path("", index, name="index"),
        path("<int:round_id>/", round_view, name="round"),
        path(
            "<int:round_id>/xuat/dang-ky/",
            export,
            {"list_name": "registrations"},
            name="export_registrations",
        ),
        path(
            "<int:round_id>/xuat/trung-tuyen/",
            export,
            {"list_name": "admitted"},
            name="export_admitted",
        ),
    ]
    return [
        path(
            "tuyen-sinh/so-lieu/",
            include((urls, "admissions_dashboard"), namespace="admissions_dashboard"),
        )
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return not dashboard.dashboard_scope(request.user).empty


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    # Just above the plans: the round's figures for the department and the schools.
    return DashboardMenuItem(
        gettext_lazy("Admissions"),
        reverse("admissions_dashboard:index"),
        icon_name="table",
        order=259,
    )


@hooks.register("register_log_actions")
def register_dashboard_log_actions(actions):
    actions.register_action(
        EXPORT_ACTION,
        gettext_lazy("Export an admissions list"),
        gettext_lazy("Exported an admissions list (registrations or admitted pupils)"),
    )
