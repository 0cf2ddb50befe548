from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from portal import phones
from portal.ratelimit import RATE_LIMITED_MESSAGE, request_within_rate_limit
from portal.spam import SpamProtectedFormMixin

PHONE_MESSAGE = _("Enter a Vietnamese phone number, for example 0912 345 678 or 0255 3822 123.")
CONTACT_REQUIRED_MESSAGE = _("Enter an e-mail address or a phone number so we can reply.")
RATE_LIMITED = "rate_limited"


def normalize_vietnamese_phone(value):
    """The number in its national form (0912345678), or raise ValidationError."""
    number = phones.national_form(value)
    if not phones.is_phone(number):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    return number


class PublicSubmissionForm(SpamProtectedFormMixin, forms.Form):
    """Name and a way to reply (e-mail or phone), spam checks, and the per-IP rate limit.

    Pass `request` to count accepted submissions against the client's limit for
    `rate_scope`; a form over the limit carries a non-field error with code "rate_limited"
    (the view answers 429).
    """

    rate_scope = "public-submission"

    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("Give an e-mail address, a phone number, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your full name."), code="required")
        return name

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalize_vietnamese_phone(phone) if phone else ""

    def clean(self):
        cleaned_data = super().clean()  # spam checks first: robots are not counted
        if self.errors:
            return cleaned_data
        if not cleaned_data.get("email") and not cleaned_data.get("phone"):
            if "phone" not in self.errors and "email" not in self.errors:
                self.add_error("email", ValidationError(CONTACT_REQUIRED_MESSAGE, "contact"))
            return cleaned_data
        if self.request is not None and not request_within_rate_limit(
            self.request, scope=self.rate_scope
        ):
            raise ValidationError(RATE_LIMITED_MESSAGE, code=RATE_LIMITED)
        return cleaned_data

    @property
    def is_rate_limited(self):
        return self.has_error(NON_FIELD_ERRORS, RATE_LIMITED)

    def error_status(self):
        """The HTTP status of a refused submission: 429 over the limit, 400 otherwise."""
        return 429 if self.is_rate_limited else 400
