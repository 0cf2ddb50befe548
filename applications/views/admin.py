"""The back office in the Wagtail admin: the queue, an application's file, exports."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from applications import exports, permissions, selectors, services
from applications.models import Application, Attachment
from applications.status import Actor, Status

PER_PAGE = 50
VIEW_ACTION = "services.view_personal_data"
EXPORT_ACTION = "services.export_personal_data"


class QueueFilterForm(forms.Form):
    q = forms.CharField(required=False, label=gettext_lazy("Code or name"))
    definition = forms.ModelChoiceField(
        Page.objects.none(), required=False, label=gettext_lazy("Procedure")
    )
    status = forms.ChoiceField(
        choices=[("", "---------"), *Status.choices], required=False, label=gettext_lazy("Status")
    )
    overdue = forms.BooleanField(required=False, label=gettext_lazy("Overdue only"))
    mine = forms.BooleanField(required=False, label=gettext_lazy("Assigned to me"))
    submitted_from = forms.DateField(
        required=False,
        label=gettext_lazy("Submitted from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        required=False,
        label=gettext_lazy("Submitted to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    school = forms.CharField(
        required=False,
        max_length=100,
        label=gettext_lazy("School"),
        widget=forms.TextInput(attrs={"placeholder": pgettext_lazy("school", "Name or code")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = permissions.definitions_for_user(user)
        scope = permissions.processing_scope(user)
        if not scope.everything and not scope.definition_ids and len(scope.school_ids) <= 1:
            # The staff of one school: every application they see is their school's.
            del self.fields["school"]


def _ensure_back_office(request):
    if not permissions.can_use_back_office(request.user):
        raise PermissionDenied


@never_cache
def queue(request):
    _ensure_back_office(request)
    form = QueueFilterForm(request.GET, user=request.user)
    applications = (
        selectors.applications_in_queue(user=request.user, filters=form.cleaned_data)
        if form.is_valid()
        else Application.objects.none()
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        applications = list(applications)
        for application in applications:  # an export shows personal data: log each one
            log(instance=application, action=EXPORT_ACTION, user=request.user)
        writer = exports.as_csv if export == "csv" else exports.as_xlsx
        return writer(applications, "ho-so")
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "applications/admin/queue.html",
        {"form": form, "applications": page},
        status=400 if form.errors else 200,
    )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visible = forms.BooleanField(required=False, initial=True)
    result = forms.FileField(required=False)


def _application(request, pk):
    _ensure_back_office(request)
    application = get_object_or_404(
        permissions.applications_for_user(request.user).select_related(
            "definition", "assignee", "school"
        ),
        pk=pk,
    )
    return application


@never_cache
def detail(request, pk):
    application = _application(request, pk)
    log(instance=application, action=VIEW_ACTION, user=request.user)
    officers = permissions.processors_for(application=application)
    return TemplateResponse(
        request,
        "applications/admin/detail.html",
        {
            "application": application,
            "events": selectors.timeline(application=application, staff=True),
            "attachments": application.attachments.all(),
            "notifications": application.notifications.select_related("event"),
            "moves": [Status(s) for s in services.staff_moves(application=application)],
            "officers": officers,
        },
    )


@require_POST
def transition(request, pk):
    application = _application(request, pk)
    form = TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The request was not valid."))
        return redirect("applications_admin:detail", pk=pk)
    data = form.cleaned_data
    try:
        files = [_store_result(data["result"])] if data["result"] else []
        services.application_transition(
            application=application,
            to_status=data["to_status"],
            actor=Actor.STAFF,
            user=request.user,
            note=data["note"],
            visible=data["visible"],
            files=files,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        log(
            instance=application,
            action="services.transition",
            user=request.user,
            data={"to": data["to_status"]},
        )
        messages.success(request, _("The application was updated."))
    return redirect("applications_admin:detail", pk=pk)


def _store_result(upload):
    # Held on a token of its own until the transition hands it to the application.
    return services.attachment_store(
        upload=upload,
        kind=Attachment.Kind.RESULT,
        allowed=["pdf", "jpeg", "png", "docx"],
        max_mb=20,
        draft_token=uuid.uuid4(),
        label=_("Result"),
    )


@require_POST
def assign(request, pk):
    application = _application(request, pk)
    user_id = request.POST.get("assignee") or None
    assignee = None
    if user_id:
        assignee = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
        if not permissions.can_process(user=assignee, application=application):
            messages.error(request, _("This user may not process this application."))
            return redirect("applications_admin:detail", pk=pk)
    services.application_assign(application=application, assignee=assignee, user=request.user)
    messages.success(request, _("The application was updated."))
    return redirect("applications_admin:detail", pk=pk)


@require_POST
def add_note(request, pk):
    application = _application(request, pk)
    try:
        services.application_add_note(
            application=application, user=request.user, note=request.POST.get("note", "")[:4000]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("applications_admin:detail", pk=pk)


@never_cache
def download(request, pk, attachment_id):
    application = _application(request, pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    log(
        instance=application,
        action=VIEW_ACTION,
        user=request.user,
        data={"attachment": attachment.pk},
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def quarantine(request):
    """Uploads the malware scan refused (applications/malware.py): for the administrators who
    look after the server. Only signature, checksum and time: nothing about the applicant."""
    if not request.user.is_superuser:
        raise PermissionDenied
    from applications import malware

    return TemplateResponse(
        request,
        "applications/admin/quarantine.html",
        {"records": malware.quarantine_records(), "scanning": malware.is_configured()},
    )
