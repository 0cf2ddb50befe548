"""Spam protection for public forms that needs no outside service.

Two checks: a honeypot field that people never see (robots fill it in), and a
signed, single-use token issued with the form: its timestamp catches robots that post too
fast or replay an old form, its random nonce is spent (in the shared cache, Redis in
production) by the first submission that passes, so one token sends one message.
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"  # noqa: S105  (a field name, not a secret)
_SALT = "portal.spam.form-token"

SPAM_MESSAGE = _(
    "We could not accept this submission because it looks automated. "
    "Please wait a few seconds and send the form again."
)
EXPIRED_MESSAGE = _("This form has expired. Please reload the page and send it again.")
REPLAYED_MESSAGE = _("This form has already been sent. Reload the page to send another message.")


def issue_form_token(now=None):
    issued = round(now if now is not None else time.time(), 3)
    return signing.dumps({"t": issued, "n": secrets.token_urlsafe(16)}, salt=_SALT)


def _read_token(token):
    try:
        payload = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str):
        return {}  # an older token without a nonce: treated as expired
    return payload


def form_token_problem(token, now=None):
    """None when the token is acceptable (not yet spent), otherwise the message to show."""
    now = now if now is not None else time.time()
    payload = _read_token(token)
    if payload is None:
        return SPAM_MESSAGE
    if not payload:
        return EXPIRED_MESSAGE
    try:
        age = now - float(payload["t"])
    except (KeyError, TypeError, ValueError):
        return SPAM_MESSAGE
    if age < settings.FORM_MIN_SECONDS:
        return SPAM_MESSAGE
    if age > settings.FORM_MAX_AGE_SECONDS:
        return EXPIRED_MESSAGE
    if _token_cache().get(_spent_key(payload["n"])):
        return REPLAYED_MESSAGE
    return None


def _token_cache():
    return caches[settings.RATELIMIT_CACHE_ALIAS]


def _spent_key(nonce):
    return f"form-token-spent:{nonce[:64]}"


def form_token_spend(token):
    """Spend an acceptable token; False when another submission spent it first (atomic)."""
    payload = _read_token(token)
    if not payload:
        return False
    return _token_cache().add(
        _spent_key(payload["n"]), 1, timeout=settings.FORM_MAX_AGE_SECONDS + 60
    )


class FreshTokenInput(forms.HiddenInput):
    """The token's hidden input: always a new token, also when a refused form is shown again
    (the posted one may be spent)."""

    def format_value(self, value):
        return issue_form_token()


class SpamProtectedFormMixin(forms.Form):
    """Adds the honeypot and the timestamp; neither ends up in the cleaned data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[TOKEN_FIELD] = forms.CharField(required=False, widget=FreshTokenInput)

    def clean(self):
        cleaned_data = super().clean()
        honeypot = cleaned_data.pop(HONEYPOT_FIELD, "")
        token = cleaned_data.pop(TOKEN_FIELD, "")
        problem = SPAM_MESSAGE if honeypot else form_token_problem(token)
        if problem is None and not self.errors and not form_token_spend(token):
            problem = REPLAYED_MESSAGE  # a concurrent submission with the same token won
        if problem:
            raise forms.ValidationError(problem, code="spam")
        return cleaned_data

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]
