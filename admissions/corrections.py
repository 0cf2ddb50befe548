"""Corrections of pre-loaded pupils' data: the family asks, with evidence; the current school
decides.

A family reaches the request form only after a successful look-up on the round's pre-filled
start (admissions.views.prefill), which keeps the pupil in the journey's session state as a
signed token that expires (admissions.forms.pupil_from_token): nobody can ask for a correction
of a pupil whose student code (or ID) and date of birth they did not give. The evidence (a birth
certificate, a VNeID screen) is checked and kept like an applicant's files (applications
.services.attachment_store: type by content, size, malware scan, private storage).

The pupil's current school (or the department) accepts — the pupil row is corrected and the
old and new values go to Wagtail's audit log — or refuses with a reason the family sees when
they start again.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.log_actions import log

from admissions import ids
from admissions.models import Gender, Pupil, PupilCorrection
from admissions.pupil_access import pupil_scope
from applications.forms import REQUIRED, unit_choices
from portal.ratelimit import request_within_rate_limit

FIELDS = {
    "full_name": gettext_lazy("Full name"),
    "birth_date": gettext_lazy("Date of birth"),
    "gender": gettext_lazy("Gender"),
    "personal_id": gettext_lazy("Personal ID number"),
    "unit": gettext_lazy("Commune or ward of residence"),
}
EVIDENCE_TYPES = ["pdf", "jpeg", "png"]
EVIDENCE_MAX_MB = 10
MAX_PENDING_PER_PUPIL = 5
CORRECT_ACTION = "admissions.correct_pupil"
REFUSE_ACTION = "admissions.refuse_correction"
REQUEST_ACTION = "admissions.request_correction"
GENDER_WORDS = {"nam": Gender.MALE, "nữ": Gender.FEMALE, "nu": Gender.FEMALE}


class CorrectionError(ValidationError):
    pass


# --- the rules (services) ------------------------------------------------------------------


def current_value(pupil: Pupil, field: str) -> str:
    """The pupil's value of a correctable field, as stored in a correction (text)."""
    if field == "birth_date":
        return pupil.birth_date.isoformat()
    if field == "unit":
        return pupil.unit.code if pupil.unit_id else ""
    return str(getattr(pupil, field))


def display_value(field: str, value: str) -> str:
    """A stored value as people read it: 14/03/2021, Nữ, Phường Nghĩa Lộ."""
    import datetime

    from sites.models import AdministrativeUnit

    if not value:
        return "—"
    if field == "birth_date":
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if field == "gender":
        return str(Gender(value).label) if value in Gender.values else value
    if field == "unit":
        unit = AdministrativeUnit.objects.filter(code=value).first()
        return str(unit) if unit else value
    return value


def _name(raw):
    if len(raw) > 150 or not any(ch.isalpha() for ch in raw):
        raise CorrectionError(_("Enter the child's full name (at most 150 characters)."))
    return raw


def _birth_date(raw):
    from admissions.pupils_import import parse_date

    try:
        value = parse_date(raw)
    except ValueError:
        raise CorrectionError(_("Enter a date as dd/mm/yyyy.")) from None
    today = timezone.localdate()
    if value >= today or value.year < today.year - 25:
        raise CorrectionError(_("This date of birth is not possible for a pupil."))
    return value.isoformat()


def _gender(raw):
    value = GENDER_WORDS.get(raw.lower())
    if value is None:
        raise CorrectionError(_("Write the gender as “Nam” or “Nữ”."))
    return value


def _personal_id(raw):
    number = raw.replace(" ", "")
    try:  # the structure; the school checks it against the rest with the evidence
        ids.check_personal_id(number)
    except ValidationError as problem:
        raise CorrectionError(problem.messages[0], code="personal_id") from None
    return number


def _unit(raw):
    from sites.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(code=raw).first()
    if unit is None:
        raise CorrectionError(_("Choose the commune or ward from the list."))
    return unit.code


NORMALISERS = {
    "full_name": _name,
    "birth_date": _birth_date,
    "gender": _gender,
    "personal_id": _personal_id,
    "unit": _unit,
}


def normalised_value(field: str, raw: str) -> str:
    """The proposed value in stored form; raises CorrectionError (Vietnamese) if it is not
    a value of that field."""
    raw = " ".join(str(raw or "").split())
    if field not in NORMALISERS:
        raise CorrectionError(_("Choose what is wrong."), code="field")
    if not raw:
        raise CorrectionError(_("Enter the correct value."), code="required")
    return NORMALISERS[field](raw)


@transaction.atomic
def correction_request(*, pupil: Pupil, field: str, value: str, evidence) -> PupilCorrection:
    """A family's request: the value must be new, the evidence acceptable, and the same field
    not already waiting for the school. Nothing is kept if anything is refused."""
    from applications.models import Attachment
    from applications.services import attachment_store

    proposed = normalised_value(field, value)
    if proposed == current_value(pupil, field):
        raise CorrectionError(_("This is already the value the school sent."), code="same")
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()  # one request at a time
    pending = list(pupil.corrections.filter(status=PupilCorrection.Status.PENDING))
    if any(c.field == field for c in pending):
        raise CorrectionError(
            _("A correction of this field is already waiting for the school's decision."),
            code="pending",
        )
    if len(pending) >= MAX_PENDING_PER_PUPIL:
        raise CorrectionError(_("Too many corrections are waiting for the school."), code="many")
    if evidence is None:
        raise CorrectionError(
            _("Attach the evidence: the birth certificate or a screenshot of VNeID."),
            code="evidence",
        )
    attachment = attachment_store(
        upload=evidence,
        kind=Attachment.Kind.APPLICANT,
        allowed=EVIDENCE_TYPES,
        max_mb=EVIDENCE_MAX_MB,
        field_name="correction",
        label=str(_("Evidence of the correction")),
    )
    correction = PupilCorrection.objects.create(
        pupil=pupil, field=field, proposed=proposed, evidence=attachment
    )
    # The request itself is in the audit trail (without the values: they are in the row).
    log(instance=pupil, action=REQUEST_ACTION, user=None, data={"correction": correction.pk})
    return correction


def _decidable(correction, user):
    if not pupil_scope(user).covers_school(correction.pupil.current_school_id):
        raise PermissionDenied
    if correction.status != PupilCorrection.Status.PENDING:
        raise CorrectionError(_("This request has already been decided."), code="decided")


@transaction.atomic
def correction_accept(*, correction: PupilCorrection, user) -> Pupil:
    """Correct the pupil row; the old and new values go to the audit log."""
    correction = (
        PupilCorrection.objects.select_for_update().select_related("pupil").get(pk=correction.pk)
    )
    _decidable(correction, user)
    pupil = Pupil.objects.select_for_update().get(pk=correction.pupil_id)
    old = current_value(pupil, correction.field)
    if correction.field == "birth_date":
        import datetime

        pupil.birth_date = datetime.date.fromisoformat(correction.proposed)
    elif correction.field == "unit":
        from sites.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.filter(code=correction.proposed).first()
        if unit is None:
            raise CorrectionError(_("This commune or ward no longer exists."), code="unit")
        pupil.unit = unit
    elif correction.field == "personal_id":
        holder = (
            Pupil.objects.filter(school_year=pupil.school_year, personal_id=correction.proposed)
            .exclude(pk=pupil.pk)
            .first()
        )
        if holder is not None:
            raise CorrectionError(
                _("This personal ID number is already that of pupil %(code)s.")
                % {"code": holder.student_code},
                code="taken",
            )
        pupil.personal_id = correction.proposed
    else:
        setattr(pupil, correction.field, correction.proposed)
    pupil.save()
    correction.status = PupilCorrection.Status.ACCEPTED
    correction.decided_at = timezone.now()
    correction.decided_by = user
    correction.save(update_fields=["status", "decided_at", "decided_by"])
    log(
        instance=pupil,
        action=CORRECT_ACTION,
        user=user,
        data={
            "correction": correction.pk,
            "field": correction.field,
            "old": old,
            "new": correction.proposed,
        },
    )
    return pupil


@transaction.atomic
def correction_refuse(*, correction: PupilCorrection, user, reason: str) -> PupilCorrection:
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionError(_("Give the reason: the family reads it."), code="reason")
    if len(reason) > 1000:
        raise CorrectionError(_("The reason is longer than 1000 characters."), code="reason")
    correction = (
        PupilCorrection.objects.select_for_update().select_related("pupil").get(pk=correction.pk)
    )
    _decidable(correction, user)
    correction.status = PupilCorrection.Status.REFUSED
    correction.reason = reason
    correction.decided_at = timezone.now()
    correction.decided_by = user
    correction.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    log(
        instance=correction.pupil,
        action=REFUSE_ACTION,
        user=user,
        data={"correction": correction.pk, "field": correction.field},
    )
    return correction


def corrections_of(pupil: Pupil) -> list[dict]:
    """What the family sees of their requests: field, value asked, status, reason."""
    return [
        {
            "field": FIELDS.get(c.field, c.field),
            "proposed": display_value(c.field, c.proposed),
            "status": c.get_status_display(),
            "state": c.status,
            "requested_at": c.requested_at,
            "decided_at": c.decided_at,
            "reason": c.reason,
        }
        for c in pupil.corrections.order_by("-requested_at", "-pk")
    ]


# --- the family's form (public view) -------------------------------------------------------


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label=gettext_lazy("What is wrong"),
        choices=list(FIELDS.items()),
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": gettext_lazy("Choose what is wrong.")},
    )
    value = forms.CharField(
        label=gettext_lazy("The correct value"),
        required=False,
        max_length=150,
        help_text=gettext_lazy(
            "For the date of birth: dd/mm/yyyy. For the gender: Nam or Nữ. For the commune or "
            "ward, choose it in the list below instead."
        ),
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("The correct commune or ward"), required=False, choices=()
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (birth certificate, or a screenshot of VNeID)"),
        help_text=gettext_lazy("PDF, JPG or PNG, at most 10 MB."),
        error_messages={**REQUIRED, "invalid": gettext_lazy("Attach a file.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Choose the commune or ward from the list."
        )

    def proposed(self) -> str:
        data = self.cleaned_data
        return data.get("unit", "") if data.get("field") == "unit" else data.get("value", "")


def session_pupil(request, page) -> Pupil | None:
    """The pupil the family looked up on this round's pre-filled start, if the signed token
    the look-up left in the journey's session state is still valid."""
    from admissions.forms import pupil_from_token
    from applications import journeys

    state = journeys.journey_state(request.session, page) or {}
    token = (state.get("steps", {}).get("1", {}).get("pupil") or [""])[0]
    pupil = pupil_from_token(token) if token else None
    if pupil is None or pupil.school_year != page.school_year:
        return None
    return pupil


def pupil_rows(pupil: Pupil) -> list[tuple]:
    return [
        (FIELDS["full_name"], pupil.full_name),
        (FIELDS["birth_date"], pupil.birth_date.strftime("%d/%m/%Y")),
        (FIELDS["gender"], pupil.get_gender_display()),
        (FIELDS["personal_id"], pupil.personal_id),
        (FIELDS["unit"], str(pupil.unit) if pupil.unit_id else "—"),
        (gettext_lazy("Current school"), pupil.current_school_name),
    ]


def _error_field(problem, field):
    if problem.code in ("same", "pending", "many"):
        return None
    if problem.code == "evidence":
        return "evidence"
    return "unit" if field == "unit" else "value"


@never_cache
def correction_view(request, page):
    """The round's “ask for a correction” page (AdmissionRoundPage.correction)."""
    pupil = session_pupil(request, page) if page.accepts_applications else None
    if pupil is None:
        if request.method == "POST":
            return HttpResponseForbidden(
                _("Start from the data your child's school sent before asking for a correction.")
            )
        return HttpResponseRedirect(page.url + page.reverse_subpage("prefill"))
    form = CorrectionForm(request.POST or None, request.FILES or None)
    context = {
        "page": page,
        "self": page,
        "form": form,
        "pupil_rows": pupil_rows(pupil),
        "requests": corrections_of(pupil),
        "sent": request.GET.get("da-gui") == "1",
        "continue_url": page.journey_url("step", step="1"),
    }
    template = "admissions/correction.html"
    if request.method != "POST":
        return TemplateResponse(request, template, context)
    if not request_within_rate_limit(request, scope="admissions-correction"):
        context["throttled"] = True
        return TemplateResponse(request, template, context, status=429)
    if form.is_valid():
        try:
            correction_request(
                pupil=pupil,
                field=form.cleaned_data["field"],
                value=form.proposed(),
                evidence=form.cleaned_data["evidence"],
            )
        except CorrectionError as problem:
            form.add_error(_error_field(problem, form.cleaned_data["field"]), problem)
        except ValidationError as problem:  # the evidence file was refused
            form.add_error("evidence", problem)
        else:
            return HttpResponseRedirect(page.url + page.reverse_subpage("correction") + "?da-gui=1")
    return TemplateResponse(request, template, context, status=400)
