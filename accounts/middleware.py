"""The admin asks for the second factor: after the password, before any admin page.

Place after django_otp's OTPMiddleware. For an authenticated user on /admin/ whose session has
not verified a code:
- with a confirmed device: every admin page redirects to the code page;
- without one, when two-factor sign-in is required of them (accounts.policy): every admin page
  redirects to the enrolment page.
The sign-in, sign-out and password-reset pages and the two-factor pages themselves are let
through. A JSON or background request gets a 403 rather than a redirect to a form.
"""

from __future__ import annotations

import re

from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from accounts.policy import two_factor_required
from accounts.services import user_has_two_factor

ADMIN_PREFIX = "/admin/"


def _open_paths():
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_password_reset"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
        reverse("staff_accounts_admin:verify"),
        reverse("staff_accounts_admin:enrol"),
    )


def safe_next(request, value) -> str:
    """Where to go once the code is in: an admin address on this host, else the dashboard."""
    admin_home = reverse("wagtailadmin_home")
    if not isinstance(value, str) or re.search(r"[\x00-\x1f\x7f]", value):
        return admin_home
    if url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value if value.startswith(ADMIN_PREFIX) else admin_home
    return admin_home


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.path.startswith(_open_paths()):
            return None
        if user_has_two_factor(user):
            target = "staff_accounts_admin:verify"
        elif two_factor_required(user):
            target = "staff_accounts_admin:enrol"
        else:
            return None
        if request.method != "GET" or request.headers.get("Accept", "").startswith(
            "application/json"
        ):
            return HttpResponseForbidden()
        url = reverse(target)
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
