"""The registration journey's pages, one form each, on the engine's journey.

Grade 1: the child → residence → school (those whose catchment covers the commune) → parent
→ priority. Grade 6 adds the primary school completed; grade 10 ranks up to K choices (and
the optional specialised and boarding tracks) instead of one school. Each page is validated
again, in order, from the session before submission (applications.journeys), so a later page
can depend on an earlier one (the schools from the commune, a claim from the age).
"""

import datetime

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from admissions import assisted, eligibility, ids, selectors
from admissions.models import Gender, Grade, PriorityGroup, Pupil, Track
from applications.forms import (
    REQUIRED,
    FileRule,
    JourneyForm,
    PastDateField,
    PersonalIdField,
    PhoneField,
    unit_choices,
)

PUPIL_SALT = "admissions.prefill"
EVIDENCE_KINDS = ["pdf", "jpeg", "png"]
EVIDENCE_MAX_MB = 5
NONE = ""


def sign_pupil(pupil: Pupil) -> str:
    return signing.dumps(pupil.pk, salt=PUPIL_SALT)


def pupil_from_token(token) -> Pupil | None:
    try:
        pk = signing.loads(token, salt=PUPIL_SALT, max_age=6 * 3600)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return Pupil.objects.filter(pk=pk).select_related("current_school", "unit").first()


class AdmissionPage(JourneyForm):
    def __init__(self, data=None, files=None, *, round_page, earlier, uploaded=()):
        super().__init__(data, files)
        self.round_page = round_page
        self.earlier = earlier
        self.uploaded = uploaded

    def child(self) -> dict:
        return self.earlier.get(1, {})

    def answer_rows(self, number, *, uploaded, files):
        rows = super().answer_rows(number, uploaded=uploaded, files=files)
        hidden = {name for name, field in self.fields.items() if field.widget.is_hidden}
        return [row for row in rows if row["name"] not in hidden]


class ChildPage(AdmissionPage):
    name = forms.CharField(label=_("Child's full name"), max_length=150, error_messages=REQUIRED)
    birth_date = PastDateField(label=_("Child's date of birth"))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect, error_messages=REQUIRED
    )
    personal_id = PersonalIdField(
        label=_("Child's personal ID number"),
        help_text=_("12 digits, on the birth certificate or in VNeID."),
        error_messages=REQUIRED,
    )
    phone = PhoneField(
        label=_("Parent's mobile phone"),
        error_messages=REQUIRED,
        help_text=_("We send the receipt and the result to this number."),
    )
    email = forms.EmailField(
        label=_("Parent's e-mail"),
        required=False,
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    pupil = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.round_page.grade == Grade.GRADE_1:
            self.heading = _("About the child")
        else:
            self.heading = _("About the pupil")
            self.fields["name"].label = _("Pupil's full name")
            self.fields["birth_date"].label = _("Pupil's date of birth")
            self.fields["personal_id"].label = _("Pupil's personal ID number")

    def clean_pupil(self):
        token = self.cleaned_data.get("pupil")
        return pupil_from_token(token) if token else None

    def clean(self):
        data = super().clean()
        birth_date, number, gender = (data.get(k) for k in ("birth_date", "personal_id", "gender"))
        if number and birth_date and gender:
            try:
                ids.check_personal_id(number, birth_date=birth_date, female=gender == Gender.FEMALE)
            except ValidationError as problem:
                self.add_error("personal_id", problem)
        elif number:
            try:
                ids.check_personal_id(number)
            except ValidationError as problem:
                self.add_error("personal_id", problem)
        if birth_date:
            message, curable = eligibility.age_problem(self.round_page, birth_date)
            if message and not curable:
                self.add_error("birth_date", message)
        return data


class ResidencePage(AdmissionPage):
    heading = _("Where the child lives")
    unit = forms.ChoiceField(
        label=_("Commune or ward of residence"),
        help_text=_("Where the child actually lives (as on VNeID). It decides the schools."),
        error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
    )
    street = forms.CharField(
        label=_("House number, street, hamlet"), max_length=200, error_messages=REQUIRED
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        grade = self.round_page.grade
        if grade != Grade.GRADE_1:
            self.heading = _("Residence and school")
            year = self.round_page.school_year
            self.fields["previous_school"] = forms.CharField(
                label=_("Primary school completed")
                if grade == Grade.GRADE_6
                else _("Lower-secondary school completed"),
                max_length=255,
                error_messages=REQUIRED,
            )
            self.fields["completed_year"] = forms.TypedChoiceField(
                label=_("Year completed"),
                choices=[(str(y), str(y)) for y in range(year, year - 4, -1)],
                coerce=int,
                error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
            )

    def clean_unit(self):
        from sites.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.filter(code=self.cleaned_data["unit"]).first()
        if unit is None:
            raise ValidationError(_("Choose one of the options."), code="invalid_choice")
        return unit


class SchoolPage(AdmissionPage):
    """Grades 1 and 6: one school, among those whose catchment covers the commune."""

    heading = _("School")
    programme = forms.TypedChoiceField(
        label=_("School"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.earlier.get(2, {}).get("unit")
        self.programmes = selectors.programmes_for(self.round_page, track=Track.REGULAR, unit=unit)
        self.fields["programme"].choices = [
            (p.pk, f"{p.plan.school.name} – {p.plan.school.address}".rstrip(" –"))
            for p in self.programmes
        ]
        if unit is not None:
            self.fields["programme"].help_text = _(
                "The schools whose catchment covers %(unit)s in this round."
            ) % {"unit": unit}
        if not self.programmes:
            self.intro = _(
                "No school has a published plan covering this commune or ward yet. Please "
                "check the commune, or contact the school or the commune's People's Committee."
            )

    def clean_programme(self):
        chosen = self.cleaned_data["programme"]
        programme = next((p for p in self.programmes if p.pk == chosen), None)
        if programme is None:
            raise ValidationError(_("Choose one of the options."), code="invalid_choice")
        return programme


class ChoicesPage(AdmissionPage):
    """Grade 10: up to K ranked choices of regular classes, then the optional tracks."""

    heading = _("Your choices (nguyện vọng)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.intro = _("Rank the schools in the order you prefer them. Up to %(k)s choices.") % {
            "k": self.round_page.max_choices
        }
        self.by_track = {
            track: selectors.programmes_for(self.round_page, track=track)
            for track in (Track.REGULAR, Track.SPECIALISED, Track.BOARDING)
        }
        regular = [("", _("— none —"))] + [
            (str(p.pk), str(p)) for p in self.by_track[Track.REGULAR]
        ]
        for rank in range(1, self.round_page.max_choices + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=pgettext_lazy("ranked choice", "Choice %(rank)s") % {"rank": rank},
                choices=regular,
                required=rank == 1,
                error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
            )
        for track, label in (
            (Track.SPECIALISED, _("Specialised class (optional)")),
            (Track.BOARDING, _("Ethnic boarding school (optional)")),
        ):
            if self.by_track[track]:
                self.fields[track] = forms.ChoiceField(
                    label=label,
                    choices=[("", _("— none —"))]
                    + [(str(p.pk), str(p)) for p in self.by_track[track]],
                    required=False,
                    error_messages={"invalid_choice": _("Choose one of the options.")},
                )

    def clean(self):
        data = super().clean()
        known = {p.pk: p for programmes in self.by_track.values() for p in programmes}
        ranked, seen, gap = [], set(), False
        for rank in range(1, self.round_page.max_choices + 1):
            value = data.get(f"choice_{rank}")
            if not value:
                gap = True
                continue
            programme = known.get(int(value))
            if programme is None:
                self.add_error(f"choice_{rank}", _("Choose one of the options."))
                continue
            if gap:
                self.add_error(
                    f"choice_{rank}", _("Fill in the choices in order, without leaving a gap.")
                )
            if programme.pk in seen:
                self.add_error(f"choice_{rank}", _("This school is already one of your choices."))
            seen.add(programme.pk)
            ranked.append(programme)
        data["ranked"] = ranked
        data["extra"] = [
            known[int(data[track])]
            for track in (Track.SPECIALISED, Track.BOARDING)
            if data.get(track) and int(data[track]) in known
        ]
        return data


class ParentPage(AdmissionPage):
    heading = _("Parent or guardian")
    parent_name = forms.CharField(
        label=_("Full name of the parent or guardian"), max_length=150, error_messages=REQUIRED
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the child"),
        choices=[
            ("father", pgettext_lazy("relationship", "Father")),
            ("mother", pgettext_lazy("relationship", "Mother")),
            ("guardian", pgettext_lazy("relationship", "Guardian")),
        ],
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
    )
    parent_personal_id = PersonalIdField(
        label=_("Personal ID number of the parent or guardian"), error_messages=REQUIRED
    )

    def clean_parent_personal_id(self):
        number = self.cleaned_data["parent_personal_id"]
        ids.check_personal_id(number)
        if number == self.child().get("personal_id"):
            raise ValidationError(_("This is the child's number: enter the parent's own."))
        return number


def _group_choices(groups):
    return [(NONE, _("None"))] + [
        (str(g.pk), f"{g.name} ({g.points_display})" if g.points_hundredths else g.name)
        for g in groups
    ]


class PriorityPage(AdmissionPage):
    heading = _("Priority")
    priority = forms.ChoiceField(
        label=_("Priority group"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Only the highest group counts. Choose “None” if none applies."),
        error_messages={"invalid_choice": _("Choose one of the options.")},
    )
    ethnicity = forms.CharField(
        label=_("Ethnicity"),
        max_length=50,
        required=False,
        help_text=_("Only if the group you chose needs it (sensitive data)."),
    )
    evidence = forms.FileField(
        label=_("Evidence of the priority or incentive (PDF, JPG or PNG, up to 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = self.round_page.priority_group_list
        self.groups = {str(g.pk): g for g in groups}
        self.fields["priority"].choices = _group_choices(
            [g for g in groups if g.kind == PriorityGroup.Kind.PRIORITY]
        )
        incentives = [g for g in groups if g.kind == PriorityGroup.Kind.INCENTIVE]
        if incentives and self.round_page.grade == Grade.GRADE_10:
            self.fields["incentive"] = forms.ChoiceField(
                label=_("Incentive (prizes)"),
                required=False,
                widget=forms.RadioSelect,
                choices=_group_choices(incentives),
                help_text=_("Only the highest prize counts."),
                error_messages={"invalid_choice": _("Choose one of the options.")},
            )
            self.order_fields(["priority", "incentive", "ethnicity", "evidence"])

    def file_rules(self):
        return {
            "evidence": FileRule(
                EVIDENCE_KINDS, EVIDENCE_MAX_MB, str(self.fields["evidence"].label)
            )
        }

    def clean(self):
        data = super().clean()
        chosen = [self.groups.get(data.get(k) or "") for k in ("priority", "incentive")]
        chosen = [g for g in chosen if g is not None]
        data["priority_group"] = self.groups.get(data.get("priority") or "")
        data["incentive_group"] = self.groups.get(data.get("incentive") or "")
        if any(g.needs_ethnicity for g in chosen) and not data.get("ethnicity"):
            self.add_error("ethnicity", _("The group you chose needs the child's ethnicity."))
        if not any(g.needs_ethnicity for g in chosen):
            data["ethnicity"] = ""  # never kept unless a claim needs it
        has_evidence = data.get("evidence") or "evidence" in self.uploaded
        if any(g.evidence_required for g in chosen) and not has_evidence:
            self.add_error("evidence", _("Attach the evidence of the group you chose."))
        birth_date = self.child().get("birth_date")
        if birth_date:
            message, curable = eligibility.age_problem(self.round_page, birth_date)
            if curable and not (data["priority_group"] and data["priority_group"].allows_older):
                self.add_error("priority", message)
        return data


def pages_for(round_page) -> list[type[AdmissionPage]]:
    middle = ChoicesPage if round_page.ranks_choices else SchoolPage
    return [ChildPage, ResidencePage, middle, ParentPage, PriorityPage]


def school_of(round_page, pages):
    """The school that verifies the registration: the school chosen, or the first choice's."""
    third = pages.get(3, {})
    programme = third.get("programme") or next(iter(third.get("ranked") or []), None)
    return programme.plan.school if programme else None


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("A paper form signed by the parent (uploaded)")
    SMS = "sms", _("A code sent by SMS to the parent's phone")


class SubmitRegistrationForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I am the child's parent or guardian and I agree"),
        error_messages={"required": _("Please give your consent to submit the registration.")},
    )

    def __init__(self, *args, round_page, child, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_page = round_page
        self.request = request
        self.officer = request.user if request and assisted.can_assist(request.user) else None
        self.extra_actions, self.notice = [], ""
        if self.officer is not None:
            self.extra_actions = [
                (round_page.journey_url("assist_code"), _("Send the consent code to the parent"))
            ]
            if request.GET.get("ma") == "da-gui":
                self.notice = _("The code was sent to the parent's phone. It is valid 10 minutes.")
            self.fields["consent"].label = _(
                "The parent or guardian has read this and agrees (registered on their behalf)"
            )
            self.fields["consent_method"] = forms.ChoiceField(
                label=_("How the parent's consent is given"),
                choices=ConsentMethod.choices,
                widget=forms.RadioSelect,
                error_messages={**REQUIRED, "invalid_choice": _("Choose one of the options.")},
            )
            self.fields["consent_form"] = forms.FileField(
                label=_("The signed paper form (PDF, JPG or PNG, up to 5 MB)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            )
            self.fields["consent_code"] = forms.CharField(
                label=_("The code the parent received by SMS"),
                max_length=6,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
        birth_date = child.get("birth_date")
        today = timezone.localdate()
        if isinstance(birth_date, datetime.date) and eligibility.needs_child_consent(
            birth_date, today
        ):
            self.fields["child_consent"] = forms.BooleanField(
                label=_("My child (aged 7 or more) has read this with me and agrees"),
                help_text=round_page.child_consent_text,
                error_messages={
                    "required": _("The child's own consent is needed from the age of 7.")
                },
            )

    def clean(self):
        data = super().clean()
        if self.officer is None:
            return data
        data["assisted_by"] = self.officer
        method = data.get("consent_method")
        if method == ConsentMethod.PAPER and not data.get("consent_form"):
            self.add_error("consent_form", _("Attach the paper form the parent signed."))
        if method == ConsentMethod.SMS:
            code = (data.get("consent_code") or "").strip()
            token = str(data.get("token") or "")
            if not code or not assisted.code_matches(self.request, token, code):
                self.add_error(
                    "consent_code", _("This is not the code sent to the parent, or it expired.")
                )
        return data
