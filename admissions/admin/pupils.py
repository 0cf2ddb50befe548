"""The admin of pre-loaded pupils: the import (upload, background job, progress page), the
scoped listing, and the families' correction requests with their decisions.

Who sees what is admissions.pupil_access: the department's admissions officers the province,
a school's staff their own current pupils. Every view that shows pupils' personal data is
logged in Wagtail's audit log — who, when and which filter, never the data shown.
"""

from __future__ import annotations

import csv
from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import log

from admissions import corrections, pupil_jobs, pupils_import
from admissions.models import PupilCorrection, Stage
from admissions.pupil_access import corrections_for, pupil_scope, pupils_for
from portal.access import concrete_user
from portal.spreadsheets import spreadsheet_safe_row

VIEW_ACTION = "admissions.view_pupils"
PER_PAGE = 50
TEMPLATES = "admissions/admin/"


def _scope_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = pupil_scope(request.user)
        if not scope.allowed:
            raise PermissionDenied
        request.pupil_scope = scope
        return view(request, *args, **kwargs)

    return wrapper


def _default_year():
    today = timezone.localdate()
    return today.year if today.month < 9 else today.year + 1


# --- the listing ---------------------------------------------------------------------------


class PupilFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=gettext_lazy("Student code or name"))
    school_year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, label=gettext_lazy("School year")
    )
    stage = forms.ChoiceField(
        required=False, choices=[("", "---------"), *Stage.choices], label=gettext_lazy("Stage")
    )
    school = forms.CharField(required=False, max_length=20, label=gettext_lazy("School code"))

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        if not scope.province and len(scope.school_ids) <= 1:
            del self.fields["school"]  # one school's staff: every pupil they see is theirs


def pupils_matching(scope, filters):
    """The pupils in `scope` matching the listing's filters (a selector: one query)."""
    pupils = pupils_for(scope).annotate(
        pending=Count("corrections", filter=Q(corrections__status=PupilCorrection.Status.PENDING))
    )
    query = (filters.get("q") or "").strip()
    if query:
        pupils = pupils.filter(
            Q(student_code__iexact=query) | Q(full_name__icontains=" ".join(query.split()))
        )
    if filters.get("school_year"):
        pupils = pupils.filter(school_year=filters["school_year"])
    if filters.get("stage"):
        pupils = pupils.filter(stage=filters["stage"])
    if filters.get("school"):
        pupils = pupils.filter(current_school__code=filters["school"].strip().upper())
    return pupils.order_by("-school_year", "full_name", "pk")


def _logged_filters(form):
    """The filters as given (never the rows shown), for the audit log."""
    if not form.is_valid():
        return {"invalid": sorted(form.errors)}
    return {key: value for key, value in form.cleaned_data.items() if value not in ("", None)}


@never_cache
@_scope_required
def pupil_index(request):
    scope = request.pupil_scope
    form = PupilFilterForm(request.GET or None, scope=scope)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    pupils = pupils_matching(scope, filters) if not form.errors else pupils_for(scope).none()
    page = Paginator(pupils, PER_PAGE).get_page(request.GET.get("p"))
    log(
        instance=concrete_user(request.user),
        action=VIEW_ACTION,
        user=request.user,
        data={
            "filters": _logged_filters(form) if form.is_bound else {},
            "page": page.number,
            "results": page.paginator.count,
        },
    )
    return TemplateResponse(
        request,
        TEMPLATES + "pupil_index.html",
        {"form": form, "pupils": page, "province": scope.province},
        status=400 if form.errors else 200,
    )


# --- the import ----------------------------------------------------------------------------


class PupilImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File from the education database (CSV UTF-8 or Excel .xlsx)"),
        error_messages={"required": gettext_lazy("Choose the file to import.")},
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("The pupils in the file are"),
        choices=Stage.choices,
        error_messages={
            "required": gettext_lazy("Choose the stage of the pupils in the file."),
            "invalid_choice": gettext_lazy("Choose the stage of the pupils in the file."),
        },
    )
    school_year = forms.IntegerField(
        label=gettext_lazy("Admitted in the school year starting in"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": gettext_lazy("Enter the school year (its first year, e.g. 2027)."),
            "invalid": gettext_lazy("Enter the school year (its first year, e.g. 2027)."),
            "min_value": gettext_lazy("Enter the school year (its first year, e.g. 2027)."),
            "max_value": gettext_lazy("Enter the school year (its first year, e.g. 2027)."),
        },
    )
    valid_only = forms.BooleanField(
        required=False,
        label=gettext_lazy("Import the valid rows even if some rows have errors"),
        help_text=gettext_lazy(
            "Without this, a file with any error writes nothing: correct the file and send it "
            "again."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > pupils_import.MAX_FILE_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": pupils_import.MAX_FILE_MB}
            )
        data = upload.read()
        try:
            pupils_import.read_pupils_file(data=data, header_only=True)
        except pupils_import.ImportFileError as problem:
            raise ValidationError(str(problem)) from None
        self.data_bytes = data
        return upload


@never_cache
@require_http_methods(["GET", "POST"])
@_scope_required
def pupil_import(request):
    if request.method == "POST":
        form = PupilImportForm(request.POST, request.FILES)
        if form.is_valid():
            job_id = pupil_jobs.job_start(
                data=form.data_bytes,
                file_name=form.cleaned_data["file"].name,
                stage=form.cleaned_data["stage"],
                school_year=form.cleaned_data["school_year"],
                valid_only=form.cleaned_data["valid_only"],
                user=request.user,
                scope=request.pupil_scope,
            )
            return redirect("admissions_pupils:progress", job_id=job_id)
        status = 400
    else:
        form = PupilImportForm(initial={"school_year": _default_year()})
        status = 200
    return TemplateResponse(
        request,
        TEMPLATES + "pupil_import.html",
        {
            "form": form,
            "columns": pupils_import.TEMPLATE_HEADER,
            "province": request.pupil_scope.province,
        },
        status=status,
    )


@_scope_required
def import_template(request):
    """An empty file with the header row the import reads."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoc-sinh.csv"'
    response.write("\ufeff")
    csv.writer(response).writerow(spreadsheet_safe_row(pupils_import.TEMPLATE_HEADER))
    return response


@never_cache
@_scope_required
def import_progress(request, job_id):
    state = pupil_jobs.job_state(job_id)
    if state is None or (state["user_id"] != request.user.pk and not request.user.is_superuser):
        raise Http404
    running = state["status"] in (pupil_jobs.QUEUED, pupil_jobs.RUNNING)
    total = state.get("total") or 0
    done = state.get("done") or 0
    return TemplateResponse(
        request,
        TEMPLATES + "pupil_import_progress.html",
        {
            "job": state,
            "running": running,
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else 0,
            "report": state.get("report"),
            "stage_label": Stage(state["stage"]).label,
        },
    )


@never_cache
@_scope_required
def import_errors(request, job_id):
    """The report's rows with errors as CSV, to fix the file with: formula-safe, since the
    messages quote what the file held."""
    state = pupil_jobs.job_state(job_id)
    if (
        state is None
        or not state.get("report")
        or (state["user_id"] != request.user.pk and not request.user.is_superuser)
    ):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loi-nhap-hoc-sinh.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Line"), _("Column"), _("What is wrong")])
    for error in state["report"]["errors"]:
        writer.writerow(spreadsheet_safe_row([error["line"], error["column"], error["message"]]))
    return response


# --- corrections ---------------------------------------------------------------------------


class CorrectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("All")), *PupilCorrection.Status.choices],
        label=gettext_lazy("Status"),
    )


@never_cache
@_scope_required
def correction_index(request):
    form = CorrectionFilterForm(request.GET or {"status": PupilCorrection.Status.PENDING})
    status = form.cleaned_data["status"] if form.is_valid() else PupilCorrection.Status.PENDING
    items = corrections_for(request.pupil_scope)
    if status:
        items = items.filter(status=status)
    page = Paginator(items.order_by("requested_at", "pk"), PER_PAGE).get_page(request.GET.get("p"))
    log(
        instance=concrete_user(request.user),
        action=VIEW_ACTION,
        user=request.user,
        data={"corrections": {"status": status}, "page": page.number},
    )
    return TemplateResponse(
        request,
        TEMPLATES + "correction_index.html",
        {
            "form": form,
            "corrections": page,
            "fields": corrections.FIELDS,
        },
    )


def _correction(request, pk):
    return get_object_or_404(corrections_for(request.pupil_scope), pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
@_scope_required
def correction_detail(request, pk):
    correction = _correction(request, pk)
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                corrections.correction_accept(correction=correction, user=request.user)
                messages.success(request, _("The pupil's data was corrected."))
            elif decision == "refuse":
                corrections.correction_refuse(
                    correction=correction,
                    user=request.user,
                    reason=request.POST.get("reason", "")[:2000],
                )
                messages.success(request, _("The request was refused; the family will see why."))
            else:
                raise ValidationError(_("Choose to accept or refuse the request."))
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
            status = 400
        else:
            return redirect("admissions_pupils:corrections")
        correction.refresh_from_db()
    log(
        instance=correction.pupil,
        action=VIEW_ACTION,
        user=request.user,
        data={"correction": correction.pk},
    )
    pupil = correction.pupil
    return TemplateResponse(
        request,
        TEMPLATES + "correction_detail.html",
        {
            "correction": correction,
            "pupil": pupil,
            "field_label": corrections.FIELDS.get(correction.field, correction.field),
            "current": corrections.display_value(
                correction.field, corrections.current_value(pupil, correction.field)
            ),
            "proposed": corrections.display_value(correction.field, correction.proposed),
            "pending": correction.status == PupilCorrection.Status.PENDING,
        },
        status=status,
    )


@never_cache
@_scope_required
def correction_evidence(request, pk):
    correction = _correction(request, pk)
    attachment = correction.evidence
    if attachment is None or not attachment.file.name:
        raise Http404
    log(
        instance=correction.pupil,
        action=VIEW_ACTION,
        user=request.user,
        data={"correction": correction.pk, "evidence": attachment.pk},
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- registration with the admin -----------------------------------------------------------


@hooks.register("register_admin_urls")
def register_pupil_urls():
    urls = [
        path("", pupil_index, name="index"),
        path("nhap/", pupil_import, name="import"),
        path("nhap/mau.csv", import_template, name="import_template"),
        path("nhap/<str:job_id>/", import_progress, name="progress"),
        path("nhap/<str:job_id>/loi.csv", import_errors, name="import_errors"),
        path("sua-thong-tin/", correction_index, name="corrections"),
        path("sua-thong-tin/<int:pk>/", correction_detail, name="correction"),
        path("sua-thong-tin/<int:pk>/minh-chung/", correction_evidence, name="evidence"),
    ]
    return [
        path(
            "hoc-sinh-du-lieu-nganh/",
            include((urls, "admissions_pupils"), namespace="admissions_pupils"),
        )
    ]


class PupilMenuItem(MenuItem):
    def is_shown(self, request):
        return pupil_scope(request.user).allowed


class PupilSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return pupil_scope(request.user).allowed


@hooks.register("register_admin_menu_item")
def register_pupil_menu():
    menu = Menu(
        items=[
            PupilMenuItem(
                _("Pre-loaded pupils"), reverse("admissions_pupils:index"), icon_name="group"
            ),
            PupilMenuItem(
                _("Import pupils"), reverse("admissions_pupils:import"), icon_name="upload"
            ),
            PupilMenuItem(
                _("Correction requests"),
                reverse("admissions_pupils:corrections"),
                icon_name="edit",
            ),
        ]
    )
    return PupilSubmenu(_("Pupils (education database)"), menu, icon_name="group", order=262)


@hooks.register("register_log_actions")
def register_pupil_log_actions(actions):
    actions.register_action(
        VIEW_ACTION, _("View pupils' data"), _("Viewed pre-loaded pupils' data")
    )
    actions.register_action(
        pupil_jobs.IMPORT_ACTION,
        _("Import pupils"),
        _("Imported pupils from the education database"),
    )
    actions.register_action(
        corrections.REQUEST_ACTION,
        _("Correction requested"),
        _("A family asked to correct a pupil's data"),
    )
    actions.register_action(
        corrections.CORRECT_ACTION, _("Correct a pupil"), _("Corrected a pupil's data")
    )
    actions.register_action(
        corrections.REFUSE_ACTION,
        _("Refuse a correction"),
        _("Refused a family's correction request"),
    )
