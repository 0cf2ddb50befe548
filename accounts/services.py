"""Two-factor sign-in and the sign-in audit: the writes.

TOTP devices and recovery codes are django-otp's (`otp_totp.TOTPDevice`, `otp_static`): one
confirmed TOTP device and one set of RECOVERY_CODE_COUNT single-use codes per user. Wrong codes
count as failed sign-ins of the account and of the address (portal.accounts): past the limit
the account is locked, password and code alike, for LOGIN_LOCKOUT_SECONDS.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from accounts.models import SignInEvent
from portal.accounts import login_failure_record, login_is_locked, login_success_record

RECOVERY_CODE_COUNT = 10
RESET_ACTION = "staff_accounts.two_factor_reset"
ENROLMENT_DEVICE_NAME = "enrolment"
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
_TOTP_CODE = re.compile(r"[0-9]{6}")
_RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
Kind = SignInEvent.Kind


def _address(value) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _clean(value, length) -> str:
    # What was typed in a user-name box may hold anything, NUL (PostgreSQL refuses it) included.
    return re.sub(r"[\x00-\x1f\x7f]", "", str(value or ""))[:length]


def sign_in_event_record(*, kind, username="", user=None, address="", detail="") -> SignInEvent:
    """One row of the sign-in audit. Never pass a password or a code."""
    if user is not None and not username:
        username = user.get_username()
    return SignInEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=_clean(username, 150),
        address=_address(address),
        detail=_clean(detail, 200),
    )


def sign_in_events_purge(*, days=None, now=None) -> int:
    """Delete audit rows older than `days` (SIGN_IN_AUDIT_RETENTION_DAYS); returns how many."""
    days = settings.SIGN_IN_AUDIT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = SignInEvent.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


def user_has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normal_code(code) -> str:
    """A typed code without spaces or hyphens, lower case (recovery codes are shown grouped)."""
    return re.sub(r"[\s-]+", "", str(code or "")).lower()[:32]


def format_recovery_code(code) -> str:
    return f"{code[:4]}-{code[4:]}"


def two_factor_enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed device the user is setting up (one; made on first call)."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, name=ENROLMENT_DEVICE_NAME
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=ENROLMENT_DEVICE_NAME)
    return device


def _recovery_codes_new(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    RECOVERY_ACCEPTED = "recovery"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class CodeCheck:
    outcome: Outcome
    device: object = None
    recovery_codes: tuple = ()  # after enrolment: shown once, never stored in clear elsewhere
    recovery_left: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.RECOVERY_ACCEPTED)


def _wrong_code(*, user, address, kind=Kind.TWO_FACTOR_FAILED) -> CodeCheck:
    username = user.get_username()
    locked = login_failure_record(username=username, address=address)
    sign_in_event_record(kind=kind, user=user, address=address)
    if locked:
        sign_in_event_record(
            kind=Kind.LOCKED, user=user, address=address, detail="wrong two-factor codes"
        )
        return CodeCheck(Outcome.LOCKED)
    return CodeCheck(Outcome.WRONG)


def _locked(*, user, address) -> bool:
    if login_is_locked(username=user.get_username(), address=address):
        sign_in_event_record(
            kind=Kind.REFUSED_LOCKED, user=user, address=address, detail="two-factor step"
        )
        return True
    return False


@transaction.atomic
def two_factor_enrol_confirm(*, user, code, address="") -> CodeCheck:
    """Confirm the device being set up with a code from it; on success it becomes the user's
    only device, with a new set of recovery codes (returned, to be shown once)."""
    if _locked(user=user, address=address):
        return CodeCheck(Outcome.LOCKED)
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=ENROLMENT_DEVICE_NAME)
        .first()
    )
    code = normal_code(code)
    if device is None or not _TOTP_CODE.fullmatch(code) or not device.verify_token(code):
        return _wrong_code(user=user, address=address)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = TOTP_DEVICE_NAME
    device.save(update_fields=["confirmed", "name"])
    codes = _recovery_codes_new(user)
    login_success_record(username=user.get_username())
    sign_in_event_record(kind=Kind.TWO_FACTOR_ENROLLED, user=user, address=address)
    return CodeCheck(Outcome.ACCEPTED, device=device, recovery_codes=tuple(codes))


@transaction.atomic
def two_factor_verify(*, user, code, address="") -> CodeCheck:
    """Check a code from the user's authenticator, or one of their recovery codes (used up)."""
    if _locked(user=user, address=address):
        return CodeCheck(Outcome.LOCKED)
    code = normal_code(code)
    if _TOTP_CODE.fullmatch(code):
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                login_success_record(username=user.get_username())
                sign_in_event_record(kind=Kind.TWO_FACTOR_VERIFIED, user=user, address=address)
                return CodeCheck(Outcome.ACCEPTED, device=device)
    elif _RECOVERY_CODE.fullmatch(code):
        for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                left = device.token_set.count()
                login_success_record(username=user.get_username())
                sign_in_event_record(
                    kind=Kind.RECOVERY_CODE_USED,
                    user=user,
                    address=address,
                    detail=f"{left} left",
                )
                return CodeCheck(Outcome.RECOVERY_ACCEPTED, device=device, recovery_left=left)
    return _wrong_code(user=user, address=address)


@transaction.atomic
def recovery_codes_renew(*, user, address="") -> list[str]:
    """A new set of recovery codes (the old ones stop working); shown once."""
    codes = _recovery_codes_new(user)
    sign_in_event_record(kind=Kind.RECOVERY_CODES_RENEWED, user=user, address=address)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def two_factor_reset(*, user, by=None, address="") -> int:
    """Remove the user's devices and recovery codes: they enrol again at their next sign-in.
    Written to the sign-in audit and to Wagtail's audit log. Returns how many devices went."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    detail = f"by {by.get_username()}" if by is not None else "from the command line"
    sign_in_event_record(kind=Kind.TWO_FACTOR_RESET, user=user, address=address, detail=detail)
    log(instance=user, action=RESET_ACTION, user=by, data={"devices": removed})
    return removed
