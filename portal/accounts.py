"""Staff accounts: sign-in throttling and lockout, the admin's idle timeout and host, audit.

- Failed sign-ins are counted per account and per client address in the shared cache (Redis in
  production, so every worker sees them). LOGIN_FAILURE_LIMIT failures of one account, or
  LOGIN_ADDRESS_FAILURE_LIMIT from one address, within LOGIN_FAILURE_WINDOW seconds lock
  sign-in for that account (or address) for LOGIN_LOCKOUT_SECONDS: the right password is
  refused too until then. A successful sign-in clears the account's count.
- An admin session unused for ADMIN_IDLE_TIMEOUT seconds is signed out, and so is one signed
  in more than ADMIN_SESSION_MAX_AGE seconds ago (whatever the cookie's own lifetime).
- With ADMIN_HOSTS set, /admin/ answers only on those hosts (school hosts do not expose it).
- Every sign-in, failure and lockout is written to the `portal.security` log (username and
  client address; never the password) and to the sign-in audit table (accounts.SignInEvent,
  which the two-factor step writes to as well).
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from portal.ratelimit import client_ip

audit = logging.getLogger("portal.security")

LOCKED_MESSAGE = _(
    "Too many failed sign-in attempts. Sign-in is locked for %(minutes)s minutes; "
    "try again later or ask an administrator."
)
IDLE_KEY = "admin_last_seen"
SIGNED_IN_KEY = "admin_signed_in_at"
ADMIN_PREFIX = "/admin/"


def _record(kind, **fields):
    from accounts.services import sign_in_event_record

    sign_in_event_record(kind=kind, **fields)


def _cache():
    return caches[settings.RATELIMIT_CACHE_ALIAS]


def _digest(value):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def _keys(kind, value):
    digest = _digest(value)
    return f"login-failures:{kind}:{digest}", f"login-locked:{kind}:{digest}"


def _normal_username(username):
    return (username or "").strip().lower()[:254]


def login_is_locked(*, username, address):
    """Whether sign-in is locked for this account or this client address."""
    cache = _cache()
    return bool(
        cache.get(_keys("account", _normal_username(username))[1])
        or (address and cache.get(_keys("address", address)[1]))
    )


def _count_failure(kind, value, limit):
    failures_key, locked_key = _keys(kind, value)
    cache = _cache()
    window = settings.LOGIN_FAILURE_WINDOW
    if cache.add(failures_key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(failures_key)
        except ValueError:  # expired meanwhile
            cache.add(failures_key, 1, timeout=window)
            count = 1
    if count >= limit:
        cache.set(locked_key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        cache.delete(failures_key)
        return True
    return False


def login_failure_record(*, username, address):
    """Count one failed sign-in; True when it locks the account or the address."""
    locked = _count_failure("account", _normal_username(username), settings.LOGIN_FAILURE_LIMIT)
    if address:
        locked = _count_failure("address", address, settings.LOGIN_ADDRESS_FAILURE_LIMIT) or locked
    return locked


def login_success_record(*, username):
    _cache().delete(_keys("account", _normal_username(username))[0])


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    address = client_ip(request) if request is not None else ""
    locked = login_failure_record(username=username, address=address)
    audit.warning("sign-in failed user=%r address=%s", username[:80], address)
    _record("failed", username=username, address=address)
    if locked:
        audit.warning("sign-in locked user=%r address=%s", username[:80], address)
        _record("locked", username=username, address=address, detail="wrong passwords")


@receiver(user_logged_in)
def _on_logged_in(sender, request, user, **kwargs):
    login_success_record(username=user.get_username())
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[IDLE_KEY] = now
        request.session[SIGNED_IN_KEY] = now
    address = client_ip(request) if request is not None else ""
    audit.info("sign-in user=%r address=%s", user.get_username(), address)
    _record("signed_in", user=user, address=address)


@receiver(user_logged_out)
def _on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.info("sign-out user=%r", user.get_username())
        address = client_ip(request) if request is not None else ""
        _record("signed_out", user=user, address=address)


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, refusing while the account or the address is locked
    (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        address = client_ip(self.request) if self.request is not None else ""
        if login_is_locked(username=username, address=address):
            audit.warning("sign-in refused (locked) user=%r address=%s", username[:80], address)
            _record("refused_locked", username=username, address=address)
            raise ValidationError(
                LOCKED_MESSAGE % {"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)},
                code="locked",
            )
        return super().clean()


class StaffSessionMiddleware:
    """The admin's host restriction (ADMIN_HOSTS) and idle timeout (ADMIN_IDLE_TIMEOUT).

    Place after AuthenticationMiddleware.
    """

    # The session is written at most this often for the idle clock (seconds).
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            hosts = settings.ADMIN_HOSTS
            if hosts and request.get_host().split(":")[0].lower() not in hosts:
                raise Http404
            response = self._idle_check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle_check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        last = request.session.get(IDLE_KEY)
        signed_in = request.session.get(SIGNED_IN_KEY)
        idle = isinstance(last, int) and now - last > settings.ADMIN_IDLE_TIMEOUT
        # Wagtail's "remember me" gives the cookie two weeks; the session itself ends here.
        too_old = isinstance(signed_in, int) and now - signed_in > settings.ADMIN_SESSION_MAX_AGE
        if idle or too_old:
            reason = "idle" if idle else "max age"
            audit.info("signed out (%s) user=%r", reason, user.get_username())
            _record("timed_out", user=user, address=client_ip(request), detail=reason)
            logout(request)
            login_url = reverse("wagtailadmin_login")
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        if not isinstance(last, int) or now - last >= self.TOUCH_EVERY:
            request.session[IDLE_KEY] = now
        return None
