"""Spam protection for public forms that needs no outside service.

Two checks: a honeypot field that people never see (robots fill it in), and a
signed timestamp issued with the form (robots post too fast, or replay an old form).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"  # noqa: S105  (a field name, not a secret)
_SALT = "portal.spam.form-token"

SPAM_MESSAGE = _(
    "We could not accept this submission because it looks automated. "
    "Please wait a few seconds and send the form again."
)
EXPIRED_MESSAGE = _("This form has expired. Please reload the page and send it again.")


def issue_form_token(now=None):
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_SALT)


def form_token_problem(token, now=None):
    """None when the token is acceptable, otherwise the message to show."""
    now = now if now is not None else time.time()
    try:
        issued = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return SPAM_MESSAGE
    age = now - float(issued)
    if age < settings.FORM_MIN_SECONDS:
        return SPAM_MESSAGE
    if age > settings.FORM_MAX_AGE_SECONDS:
        return EXPIRED_MESSAGE
    return None


class SpamProtectedFormMixin(forms.Form):
    """Adds the honeypot and the timestamp; neither ends up in the cleaned data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[TOKEN_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=issue_form_token
        )

    def clean(self):
        cleaned_data = super().clean()
        honeypot = cleaned_data.pop(HONEYPOT_FIELD, "")
        token = cleaned_data.pop(TOKEN_FIELD, "")
        problem = SPAM_MESSAGE if honeypot else form_token_problem(token)
        if problem:
            raise forms.ValidationError(problem, code="spam")
        return cleaned_data

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]
