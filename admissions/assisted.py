"""Assisted registration: an officer at a school or a commune help desk registers on a family's
behalf, on the same journey, with the parent's consent captured either as a signed paper form
(uploaded) or as a code sent by SMS to the parent's phone and read back to the officer. The
family gets the same receipt code and tracking; the history says who registered and how the
consent was given."""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from admissions.cases import OVERSEE
from applications import journeys, sms
from portal.access import staff_access

SESSION_KEY = "admissions_assist_code"
CODE_SECONDS = 10 * 60
CODE_ATTEMPTS = 5


def can_assist(user) -> bool:
    """School staff and the department's admissions officers may register on a family's behalf."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    access = staff_access(user)
    return access.everything or bool(access.school_ids) or user.has_perm(OVERSEE)


def _digest(code, token):
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{token}:{code}".encode(), hashlib.sha256
    ).hexdigest()


@never_cache
@require_POST
def send_code(request, page):
    """Send a one-time consent code to the parent's phone given on the journey's first page."""
    if not page.accepts_applications or not can_assist(request.user):
        raise Http404
    state = journeys.journey_state(request.session, page)
    phone = ((state or {}).get("steps", {}).get("1", {}).get("phone") or [""])[0]
    if not state or not phone:
        return HttpResponseRedirect(page.journey_url("step", step="1"))
    from applications.forms import PhoneField

    try:
        number = PhoneField().clean(phone)
        code = f"{secrets.randbelow(10**6):06d}"
        sms.send(
            to=sms.international_number(number),
            text=sms.plain_text(
                _(
                    "Consent code for registering your child for admission: %(code)s. Give it to the officer only if you agree."
                )
                % {"code": code}
            ),
        )
    except Exception:  # noqa: BLE001 - an invalid phone or a gateway failure: say so, keep the journey
        return HttpResponseBadRequest(
            _(
                "The consent code could not be sent. Check the phone number, or use the signed paper form."
            )
        )
    request.session[SESSION_KEY] = {
        "digest": _digest(code, state["token"]),
        "until": time.time() + CODE_SECONDS,
        "attempts": 0,
    }
    return HttpResponseRedirect(page.journey_url("check") + "?ma=da-gui")


def code_matches(request, token, code) -> bool:
    """Whether `code` is the one sent for this journey (single use, five attempts, ten minutes)."""
    stored = request.session.get(SESSION_KEY)
    if (
        not stored
        or stored.get("until", 0) < time.time()
        or stored.get("attempts", 0) >= CODE_ATTEMPTS
    ):
        return False
    stored["attempts"] = stored.get("attempts", 0) + 1
    request.session[SESSION_KEY] = stored
    if hmac.compare_digest(stored["digest"], _digest(code, token)):
        request.session.pop(SESSION_KEY, None)
        return True
    return False
