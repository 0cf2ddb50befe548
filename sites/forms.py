"""Forms of the school sites: one school's data (admin form and CSV import), the CSV upload."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from portal.text import slugify_vi
from sites.models import AdministrativeUnit, School, SchoolLevel, SchoolType
from sites.provisioning import (
    SCHOOL_CODE_LENGTH,
    SCHOOL_CODE_PATTERN,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    SchoolData,
    school_slug_owner,
)

REQUIRED = _("This value is required.")
COORDINATE_PLACES = Decimal("0.000001")  # School.latitude/longitude keep six decimals
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CoordinateField(forms.CharField):
    """A decimal coordinate within ±limit, rounded to six decimals; empty is None."""

    def __init__(self, *, limit, invalid_message, **kwargs):
        self.limit = limit
        self.invalid_message = invalid_message
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value).replace(",", ".").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > self.limit:
            raise forms.ValidationError(
                self.invalid_message, code="invalid", params={"value": value}
            )
        return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


class SchoolForm(forms.Form):
    """One school: what the admin's "create school site" form and each CSV row provide.

    Type, unit and levels are chosen by their codes (the CSV's columns and the values of the
    admin's select boxes). ``school`` is the existing school a CSV row updates, if any: its
    own code and slug are then not "taken".
    """

    name = forms.CharField(label=_("Name"), max_length=255)
    code = forms.CharField(
        label=_("Official code"),
        max_length=SCHOOL_CODE_LENGTH + 12,
        help_text=_("The ministry's school code: %(length)s digits.")
        % {"length": SCHOOL_CODE_LENGTH},
        validators=[
            RegexValidator(
                SCHOOL_CODE_PATTERN,
                message=_("The school code must be exactly %(length)s digits.")
                % {"length": SCHOOL_CODE_LENGTH},
            )
        ],
    )
    slug = forms.CharField(
        label=_("Web address (slug)"),
        max_length=SLUG_MAX_LENGTH,
        required=False,
        help_text=_("The school's sub-domain. Leave empty to derive it from the name."),
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Levels"),
        queryset=SchoolLevel.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Unknown school level code “%(value)s”."),
            "required": REQUIRED,
        },
    )
    school_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=SchoolType.objects.all(),
        to_field_name="code",
        error_messages={
            "invalid_choice": _("Unknown school type code “%(value)s”."),
            "required": REQUIRED,
        },
    )
    administrative_unit = forms.ModelChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.all(),
        to_field_name="code",
        error_messages={
            "invalid_choice": _("Unknown administrative unit (commune/ward) code “%(value)s”."),
            "required": REQUIRED,
        },
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("“%(value)s” is not a valid e-mail address.")},
    )
    principal = forms.CharField(label=_("Principal"), max_length=150, required=False)
    latitude = CoordinateField(
        label=_("Latitude"),
        limit=90,
        invalid_message=_("Latitude “%(value)s” is not a number between -90 and 90."),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        limit=180,
        invalid_message=_("Longitude “%(value)s” is not a number between -180 and 180."),
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        for name in ("name", "code"):
            self.fields[name].error_messages["required"] = REQUIRED
        self.fields["administrative_unit"].label_from_instance = lambda unit: (
            f"{unit} ({unit.code})"
        )
        self.fields["levels"].label_from_instance = lambda level: f"{level.name} ({level.code})"

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self.school is None and School.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("A school with code %(code)s already exists."), params={"code": code}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        self._clean_slug(cleaned)
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both latitude and longitude, or neither."),
            )
        return cleaned

    def _clean_slug(self, cleaned):
        given = (cleaned.get("slug") or "").strip().lower()
        if self.school is not None:
            if given and given != self.school.slug:
                self.add_error(
                    "slug",
                    forms.ValidationError(
                        _(
                            "School %(code)s already has the address “%(slug)s”; "
                            "addresses are not changed by an update."
                        ),
                        params={"code": self.school.code, "slug": self.school.slug},
                    ),
                )
            cleaned["slug"] = self.school.slug
            return
        slug = given or slugify_vi(cleaned.get("name") or "")[:SLUG_MAX_LENGTH].strip("-")
        if not slug:
            if cleaned.get("name"):
                self.add_error("slug", _("A web address could not be derived from the name."))
            return
        if not SLUG_PATTERN.match(slug):
            self.add_error(
                "slug",
                forms.ValidationError(
                    _(
                        "The address “%(slug)s” may contain only lower-case letters a–z, "
                        "digits and single hyphens."
                    ),
                    params={"slug": slug},
                ),
            )
            return
        owner = school_slug_owner(slug=slug)
        if isinstance(owner, School):
            self.add_error(
                "slug",
                forms.ValidationError(
                    _("The address “%(slug)s” is already taken by %(school)s (%(code)s)."),
                    params={"slug": slug, "school": owner.name, "code": owner.code},
                ),
            )
        elif owner:
            self.add_error(
                "slug",
                forms.ValidationError(
                    _("The address “%(slug)s” is already taken by a page of the directory."),
                    params={"slug": slug},
                ),
            )
        cleaned["slug"] = slug

    def school_data(self):
        cleaned = self.cleaned_data
        return SchoolData(
            name=cleaned["name"].strip(),
            code=cleaned["code"],
            slug=cleaned["slug"],
            school_type=cleaned["school_type"],
            administrative_unit=cleaned["administrative_unit"],
            levels=list(cleaned["levels"]),
            address=cleaned["address"].strip(),
            phone=cleaned["phone"].strip(),
            email=cleaned["email"].strip(),
            principal=cleaned["principal"].strip(),
            latitude=cleaned["latitude"],
            longitude=cleaned["longitude"],
        )


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma separated, with the columns code, name, slug, levels, type, unit, "
            "address, phone, email, principal, latitude, longitude."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."),
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload
