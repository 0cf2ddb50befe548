"""Public views of admissions: the overview, a round's page, the pre-filled start, the
family's confirmation and change of choices (from the tracking page), the admitted lists.

The registration journey itself is the engine's (applications.views.journey), mounted on the
round page; these parse, call admissions.selectors/services and render.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from admissions import forms as journey_forms
from admissions import selectors, services
from admissions.models import Phase, Track
from applications import journeys
from applications.forms import REQUIRED, PastDateField, PersonalIdField
from applications.views.tracking import tracked_application
from portal.ratelimit import request_within_rate_limit

RESULT_PHASES = (Phase.RESULTS, Phase.FINISHED)


def overview(request, page):
    rounds = [selectors.round_overview(r) for r in selectors.live_rounds().child_of(page)]
    return TemplateResponse(
        request,
        "admissions/admissions_index_page.html",
        {"page": page, "self": page, "rounds": rounds},
    )


def round_page(request, page):
    return TemplateResponse(
        request,
        "admissions/admission_round_page.html",
        {
            "page": page,
            "self": page,
            "overview": selectors.round_overview(page),
            "phase": page.phase(),
            "results_out": page.phase() in RESULT_PHASES,
        },
    )


class PrefillForm(forms.Form):
    student_code = forms.CharField(
        label=gettext_lazy("Student code"), max_length=20, required=False
    )
    personal_id = PersonalIdField(
        label=gettext_lazy("or the child's personal ID number"), required=False
    )
    birth_date = PastDateField(label=gettext_lazy("Child's date of birth"))

    def clean(self):
        data = super().clean()
        if not data.get("student_code") and not data.get("personal_id"):
            raise ValidationError(
                gettext_lazy("Enter the student code or the child's personal ID number.")
            )
        return data


def _prefilled_steps(page, pupil):
    child = {
        "name": [pupil.full_name],
        "birth_date": [pupil.birth_date.isoformat()],
        "gender": [pupil.gender],
        "personal_id": [pupil.personal_id],
        "pupil": [journey_forms.sign_pupil(pupil)],
    }
    residence = {}
    if pupil.unit_id:
        residence["unit"] = [pupil.unit.code]
    if page.grade != 1 and pupil.current_school_name:
        residence["previous_school"] = [pupil.current_school_name]
    return child, residence


@never_cache
def prefill(request, page):
    """Start the registration from the pre-loaded data: the student code (or the personal ID
    number) and the date of birth. The answer never tells whether a code exists."""
    if not page.accepts_applications:
        raise Http404
    form = PrefillForm(request.POST or None)
    context = {"page": page, "self": page, "form": form, "not_found": False}
    template = "admissions/prefill.html"
    if request.method != "POST":
        return TemplateResponse(request, template, context)
    if not request_within_rate_limit(request, scope="admissions-prefill"):
        context["throttled"] = True
        return TemplateResponse(request, template, context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    pupil = selectors.pupil_for_login(page, **form.cleaned_data)
    if pupil is None:
        context["not_found"] = True
        return TemplateResponse(request, template, context)
    state = journeys.journey_state(request.session, page, create=True)
    child, residence = _prefilled_steps(page, pupil)
    state["steps"]["1"] = {**state["steps"].get("1", {}), **child}
    if residence:
        state["steps"]["2"] = {**residence, **state["steps"].get("2", {})}
    journeys.journey_save(request.session, page, state)
    return HttpResponseRedirect(page.journey_url("step", step="1"))


def _tracked_registration(request, page):
    application = tracked_application(request)
    if application is None or application.definition_id != page.pk:
        return None, None
    return application, selectors.registration_of(application)


def _back_to_tracking(page):
    return HttpResponseRedirect(page.tracking_page().tracking_route("tracked"))


def _tracking_with_error(request, page, message):
    from applications.views import tracking

    return tracking.detail(request, page.tracking_page(), error=message, status=400)


@never_cache
def confirm_enrolment(request, page):
    application, registration = _tracked_registration(request, page)
    if registration is None:
        return _back_to_tracking(page)
    if request.method != "POST":
        return _back_to_tracking(page)
    try:
        services.registration_confirm(registration=registration)
    except ValidationError as problem:
        request.method = "GET"
        return _tracking_with_error(request, page, problem.messages[0])
    return _back_to_tracking(page)


class ChoicesForm(forms.Form):
    def __init__(self, *args, round_page, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {
            p.pk: p for p in selectors.programmes_for(round_page, track=Track.REGULAR)
        }
        options = [("", _("— none —"))] + [(str(pk), str(p)) for pk, p in self.programmes.items()]
        for rank in range(1, round_page.max_choices + 1):
            initial = current[rank - 1].pk if rank <= len(current) else ""
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank},
                choices=options,
                required=rank == 1,
                initial=str(initial),
                error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
            )

    def ranked(self):
        chosen = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value:
                chosen.append(self.programmes[int(value)])
        return chosen


@never_cache
def change_choices(request, page):
    application, registration = _tracked_registration(request, page)
    if registration is None or not page.ranks_choices:
        return _back_to_tracking(page)
    current = [c.programme for c in selectors.regular_choices(registration)]
    form = ChoicesForm(request.POST or None, round_page=page, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.choices_change(registration=registration, programmes=form.ranked())
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                return _back_to_tracking(page)
        status = 400
    return TemplateResponse(
        request,
        "admissions/change_choices.html",
        {
            "page": page,
            "self": page,
            "form": form,
            "application": application,
            "open": page.phase() in (Phase.OPEN, Phase.CHANGES, Phase.PRACTICE),
        },
        status=status,
    )


def admitted_list(request, page, school_code):
    """The published list of admitted pupils at one school: minimal data, not indexed."""
    from sites.models import School

    if page.phase() not in RESULT_PHASES:
        raise Http404
    school = School.objects.filter(code=school_code).first()
    if school is None:
        raise Http404
    response = TemplateResponse(
        request,
        "admissions/admitted_list.html",
        {
            "page": page,
            "self": page,
            "school": school,
            "admitted": selectors.admitted_list(page, school),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
