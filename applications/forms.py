"""Forms of the applicant's journey, built from a case definition's form fields."""

import datetime
import re
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.fields import FieldType
from portal import phones

REQUIRED = {"required": _("Please fill in this field.")}


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        phone = phones.national_form(value)
        if not phones.is_mobile(phone):
            raise ValidationError(
                _("Enter a Vietnamese mobile number of 10 digits, e.g. 0905 123 456."),
                code="phone",
            )
        return phone


class PersonalIdField(forms.CharField):
    default_validators = [
        RegexValidator(
            r"^\d{12}$", _("The personal ID number has exactly 12 digits."), code="personal_id"
        )
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        return re.sub(r"\s", "", super().to_python(value))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PastDateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault(
            "error_messages", {**REQUIRED, "invalid": _("Enter a date as dd/mm/yyyy.")}
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and value > timezone.localdate():
            raise ValidationError(_("This date is in the future."), code="future")
        if value and value < datetime.date(1900, 1, 1):
            raise ValidationError(_("Enter a date as dd/mm/yyyy."), code="invalid")
        return value


def unit_choices():
    """Administrative units as grouped choices: the units that have no sub-units, grouped by
    their parent (province, or district in older data). One query."""
    from sites.models import AdministrativeUnit

    units = list(AdministrativeUnit.objects.select_related("parent"))
    parents = {unit.parent_id for unit in units if unit.parent_id}
    groups = {}
    for unit in units:
        if unit.pk in parents:
            continue
        group = str(unit.parent) if unit.parent else ""
        groups.setdefault(group, []).append((unit.code, str(unit)))
    return [("", _("Choose the commune or ward")), *sorted(groups.items())]


class AddressWidget(forms.MultiWidget):
    template_name = "applications/widgets/address.html"

    def __init__(self, attrs=None):
        super().__init__(
            [forms.Select(), forms.TextInput(attrs={"autocomplete": "street-address"})], attrs
        )

    def decompress(self, value):
        return [value.get("unit"), value.get("street")] if value else [None, None]


class AddressField(forms.MultiValueField):
    """An address: the commune/ward from the administrative units, then house and street."""

    widget = AddressWidget

    def __init__(self, **kwargs):
        choices = unit_choices()
        fields = [
            forms.ChoiceField(choices=choices, error_messages=REQUIRED),
            forms.CharField(max_length=200, error_messages=REQUIRED),
        ]
        super().__init__(fields, require_all_fields=True, **kwargs)
        self.widget.widgets[0].choices = choices
        self.error_messages["incomplete"] = _("Choose the commune or ward and fill in the street.")

    def compress(self, data_list):
        if not data_list:
            return None
        from sites.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.select_related("parent").get(code=data_list[0])
        place = ", ".join(str(u) for u in (unit, unit.parent) if u)
        return {"unit": unit.code, "street": data_list[1], "display": f"{data_list[1]}, {place}"}


def field_for(definition, *, has_file=False):  # noqa: C901 - one branch per FieldType, read as a table
    """The Django form field for one question (applications.definitions.FormField)."""
    common = {
        "label": definition.label,
        "required": definition.required,
        "help_text": definition.help_text,
        "error_messages": dict(REQUIRED),
    }
    kind = definition.field_type
    if kind == FieldType.TEXT:
        return forms.CharField(max_length=255, **common)
    if kind == FieldType.TEXTAREA:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == FieldType.DATE:
        return PastDateField(**common)
    if kind == FieldType.CHOICE:
        choices = [(choice, choice) for choice in definition.choice_list()]
        common["error_messages"]["invalid_choice"] = _("Choose one of the options.")
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == FieldType.PERSONAL_ID:
        return PersonalIdField(**common)
    if kind == FieldType.PHONE:
        return PhoneField(**common)
    if kind == FieldType.EMAIL:
        common["error_messages"]["invalid"] = _("Enter a valid e-mail address.")
        return forms.EmailField(**common)
    if kind == FieldType.ADDRESS:
        return AddressField(**common)
    if kind == FieldType.FILE:
        common["required"] = definition.required and not has_file
        accept = ",".join(
            {"pdf": ".pdf", "jpeg": ".jpg,.jpeg", "png": ".png", "docx": ".docx"}[k]
            for k in definition.kind_list()
        )
        return forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": accept}), **common)
    if kind == FieldType.CONSENT:
        common["error_messages"]["required"] = _("Please tick this box to continue.")
        return forms.BooleanField(**common)
    raise ValueError(kind)


class SchoolChoiceField(forms.ChoiceField):
    """The school an application goes to: the province's schools grouped by commune or ward
    (optgroups), each labelled with its name and official code, so that a plain select with
    no JavaScript stays usable: jump to the commune, then read the names; the code tells two
    schools of the same name apart. Cleans to a School (or raises a Vietnamese error)."""

    def __init__(self, **kwargs):
        from applications.selectors import schools_for_applicants

        self.schools = schools_for_applicants()
        groups = {}
        code = _("code")  # outside the f-string, where makemessages finds it
        for school in self.schools:
            groups.setdefault(str(school.administrative_unit), []).append(
                (str(school.pk), f"{school.name} ({code} {school.code})")
            )
        kwargs.setdefault(
            "error_messages",
            {**REQUIRED, "invalid_choice": _("Choose one of the options.")},
        )
        super().__init__(choices=[("", _("Choose the school")), *groups.items()], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        # The choices were valid a moment ago; the school may have been archived since.
        school = self.schools.filter(pk=value).first()
        if school is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return school


class FileRule(NamedTuple):
    """What a file question of a journey page accepts."""

    kinds: list[str]
    """``applications.fields.FileKind`` values."""
    max_mb: int
    label: str


def display_value(field, value) -> str:
    """A cleaned value as the applicant reads it back (check page, stored answers)."""
    if value in (None, "", [], ()):
        return ""
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "_meta") or isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # an option group
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, dict) and "display" in value:
        return value["display"]
    return str(value)


class JourneyForm(forms.Form):
    """A page of an applicant's journey. Clients' own pages subclass it; the engine asks it
    for its heading, its file questions and the answers it stores."""

    #: The page's heading; "" shows the definition's title.
    heading = ""

    def file_rules(self) -> dict[str, FileRule]:
        """{field name: rule} of the file questions on this page."""
        return {}

    def answer_rows(self, number, *, uploaded, files) -> list[dict]:
        """The answers of this (valid) page as the application stores them: name, label,
        type, displayed value and page. `uploaded` maps attachment ids to the journey's
        attachments, `files` field names to attachment ids."""
        rows = []
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                attachment = uploaded.get(files.get(name))
                value = attachment.original_name if attachment else ""
            else:
                value = display_value(field, self.cleaned_data.get(name))
            rows.append(
                {
                    "name": name,
                    "label": str(field.label),
                    "type": getattr(field, "answer_type", "text"),
                    "value": value,
                    "step": number,
                }
            )
        return rows


class ApplicantForm(JourneyForm):
    """Who applies: the same first page for every kind of case (tracking and notifications
    rely on it); with `choose_school`, also the school the application goes to.

    A client's own first page cleans to the same keys: name, birth_date, phone, email,
    personal_id (and school when the definition goes to a school)."""

    heading = _("About you")

    name = forms.CharField(label=_("Full name"), max_length=150, error_messages=REQUIRED)
    birth_date = PastDateField(label=_("Date of birth"))
    personal_id = PersonalIdField(label=_("Personal ID number"), error_messages=REQUIRED)
    phone = PhoneField(
        label=_("Mobile phone"),
        error_messages=REQUIRED,
        help_text=_("With your date of birth, it lets you look up the application."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send the receipt and every change of status to this address."),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )

    def __init__(self, *args, choose_school=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_school:
            self.fields["school"] = SchoolChoiceField(
                label=_("School"),
                help_text=_(
                    "The school that handles your application. Schools are listed by commune "
                    "or ward."
                ),
            )


class StepForm(JourneyForm):
    """A page of questions defined as FormField rows (an administrator's form, without code)."""

    def __init__(self, *args, definitions, uploaded=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = {d.name: d for d in definitions}
        for definition in definitions:
            self.fields[definition.name] = field_for(
                definition, has_file=definition.name in uploaded
            )

    def file_rules(self) -> dict[str, FileRule]:
        return {
            name: FileRule(d.kind_list(), d.max_size_mb, d.label)
            for name, d in self.definitions.items()
            if d.field_type == FieldType.FILE
        }

    def answer_rows(self, number, *, uploaded, files) -> list[dict]:
        return [
            {
                "name": question.name,
                "label": question.label,
                "type": question.field_type,
                "value": self._display(question, uploaded, files),
                "step": number,
            }
            for question in self.definitions.values()
        ]

    def _display(self, question, uploaded, files):
        value = self.cleaned_data.get(question.name)
        if question.field_type == FieldType.FILE:
            attachment = uploaded.get(files.get(question.name))
            return attachment.original_name if attachment else ""
        if question.field_type == FieldType.ADDRESS:
            return value["display"] if value else ""
        if question.field_type == FieldType.DATE:
            return value.strftime("%d/%m/%Y") if value else ""
        if question.field_type == FieldType.CONSENT:
            return str(_("Yes") if value else _("No"))
        return value or ""


class SubmitForm(forms.Form):
    #: Other buttons of the check page's form: (address it posts to, label).
    extra_actions = ()
    notice = ""
    token = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Please give your consent to submit the application.")},
    )
