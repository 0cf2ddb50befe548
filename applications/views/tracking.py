"""Public tracking: look an application up by its receipt code and a second factor.

The answer is the same whether the code exists or not; lookups are rate limited per
address. A successful lookup opens the application for this browser session for a while.
"""

import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from applications import payments, selectors, services
from applications.definitions import definition_of
from applications.forms import PastDateField, PhoneField
from applications.models import Application
from applications.status import Status
from applications.views.rendering import render_on
from portal.ratelimit import RateLimit, request_within_rate_limit

SESSION_KEY = "services_tracked"
SESSION_SECONDS = 30 * 60


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Receipt code"),
        help_text=gettext_lazy("For an admission: the receipt code, or the pupil's student code."),
        max_length=20,
        error_messages={"required": gettext_lazy("Please fill in this field.")},
    )
    phone = PhoneField(label=gettext_lazy("Mobile phone"), required=False)
    birth_date = PastDateField(label=gettext_lazy("or date of birth"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("birth_date"):
            raise ValidationError(
                gettext_lazy(
                    "Enter the phone number or the date of birth given in the application."
                )
            )
        return data


def tracking_rate():
    """Lookups allowed per client address (settings SERVICES_TRACKING_LIMIT per
    SERVICES_TRACKING_WINDOW seconds), counted by the shared limiter in portal/ratelimit.py."""
    return RateLimit(
        limit=settings.SERVICES_TRACKING_LIMIT, window=settings.SERVICES_TRACKING_WINDOW
    )


@never_cache
def lookup(request, page):
    form = LookupForm(request.POST or None)
    context = {"form": form, "not_found": False}
    if request.method != "POST":
        return render_on(request, page, "tracking_lookup.html", context)
    if not request_within_rate_limit(request, scope="services-tracking", rate=tracking_rate()):
        context["throttled"] = True
        return render_on(request, page, "tracking_lookup.html", context, status=429)
    if not form.is_valid():
        return render_on(request, page, "tracking_lookup.html", context, status=400)
    application = selectors.application_for_tracking(
        code=form.cleaned_data["code"],
        phone=form.cleaned_data.get("phone"),
        birth_date=form.cleaned_data.get("birth_date"),
    )
    if application is None:
        context["not_found"] = True
        return render_on(request, page, "tracking_lookup.html", context)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": application.pk, "until": time.time() + SESSION_SECONDS}
    return HttpResponseRedirect(page.tracking_route("tracked"))


def tracked_application(request):
    """The application this session has looked up, or None once the time is over."""
    tracked = request.session.get(SESSION_KEY)
    if not tracked or tracked.get("until", 0) < time.time():
        return None
    return (
        Application.objects.filter(pk=tracked["id"], personal_data_purged_at__isnull=True)
        .select_related("definition")
        .first()
    )


def _tracked_or_redirect(request, page):
    application = tracked_application(request)
    if application is None:
        return None, HttpResponseRedirect(page.tracking_route("track"))
    return application, None


@never_cache
def detail(request, page, error=None, status=200):
    application, redirect = _tracked_or_redirect(request, page)
    if redirect:
        return redirect
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.application_transition(
                application=application,
                to_status=Status.WITHDRAWN,
                actor=services.Actor.APPLICANT,
                note=_("Withdrawn by the applicant online."),
            )
        except services.TransitionError as problem:
            error, status = problem.messages[0], 400
        else:
            return HttpResponseRedirect(page.tracking_route("tracked"))
    events = list(selectors.applicant_events(application=application))
    request_note = next(
        (e.note for e in reversed(events) if e.to_status == Status.SUPPLEMENT_REQUESTED), ""
    )
    return render_on(
        request,
        page,
        "tracking_detail.html",
        {
            "application": application,
            "events": events,
            "attachments": selectors.applicant_attachments(application=application),
            "request_note": request_note,
            "can_supplement": application.status == Status.SUPPLEMENT_REQUESTED,
            "can_withdraw": Status.WITHDRAWN in services.applicant_moves(application=application),
            "payment": payments.payment_state(application=application),
            "error": error,
            "case_template": definition_of(application).tracking_template,
        },
        status=status,
    )


@never_cache
def supplement(request, page):
    application, redirect = _tracked_or_redirect(request, page)
    if redirect:
        return redirect
    if request.method != "POST":
        return HttpResponseRedirect(page.tracking_route("tracked"))
    try:
        services.application_supplement(
            application=application,
            uploads=request.FILES.getlist("files"),
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as problem:
        return detail(request, page, error=problem.messages[0], status=400)
    return HttpResponseRedirect(page.tracking_route("tracked"))


@never_cache
def download(request, page, attachment_id):
    application = tracked_application(request)
    if application is None:
        raise Http404
    attachment = (
        selectors.applicant_attachments(application=application).filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
