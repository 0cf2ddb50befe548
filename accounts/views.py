"""Two-factor sign-in in the Wagtail admin: the code step, enrolment, the user's own page, and
the department administrators' list with its reset. Views parse, call accounts.services, render.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages

from accounts import policy, services
from accounts.forms import CodeForm
from accounts.middleware import safe_next
from accounts.services import Outcome
from portal.accounts import LOCKED_MESSAGE
from portal.ratelimit import client_ip

TEMPLATES = "staff_accounts/"
USERS_PER_PAGE = 50
WRONG_CODE = gettext_lazy("That code is not right. Check the time on your phone and try again.")


def _private(response):
    """Codes and secrets are never cached, by the browser or on the way."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _next(request):
    value = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, value)


def _signed_out_locked(request):
    logout(request)
    messages.error(
        request, LOCKED_MESSAGE % {"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)}
    )
    return redirect("wagtailadmin_login")


def _verified(request, device):
    # A new session key once the second factor is in (the pre-verification one is dropped).
    request.session.cycle_key()
    otp_login(request, device)


@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of sign-in: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not services.user_has_two_factor(user):
        return redirect("staff_accounts_admin:enrol")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            check = services.two_factor_verify(
                user=user, code=form.cleaned_data["code"], address=client_ip(request)
            )
            if check.outcome is Outcome.LOCKED:
                return _signed_out_locked(request)
            if check.ok:
                _verified(request, check.device)
                if check.outcome is Outcome.RECOVERY_ACCEPTED:
                    messages.warning(
                        request,
                        _(
                            "You signed in with a recovery code; %(left)s remain. "
                            "Make new ones on your two-factor page if few are left."
                        )
                        % {"left": check.recovery_left},
                    )
                return redirect(_next(request))
            form.add_error("code", WRONG_CODE)
        status = 400
    response = TemplateResponse(
        request,
        TEMPLATES + "verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )
    return _private(response)


def _grouped(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator: scan the QR code (or type the key), confirm with a code, and
    receive the recovery codes, shown once."""
    user = request.user
    if services.user_has_two_factor(user):
        if user.is_verified():
            return redirect("staff_accounts_admin:account")
        return redirect("staff_accounts_admin:verify")
    device = services.two_factor_enrolment_device(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None, numeric=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            check = services.two_factor_enrol_confirm(
                user=user, code=form.cleaned_data["code"], address=client_ip(request)
            )
            if check.outcome is Outcome.LOCKED:
                return _signed_out_locked(request)
            if check.ok:
                _verified(request, check.device)
                return _recovery_codes_response(request, check.recovery_codes, enrolled=True)
            form.add_error("code", WRONG_CODE)
        status = 400
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    response = TemplateResponse(
        request,
        TEMPLATES + "enrol.html",
        {
            "form": form,
            "next": _next(request),
            # segno draws the SVG from the otpauth:// address: no markup of ours or the user's.
            "qr_svg": mark_safe(  # noqa: S308
                qr.svg_inline(
                    border=4,
                    dark="#000",
                    light="#fff",
                    omitsize=True,
                    svgclass="two-factor-qr__code",
                )
            ),
            "secret": _grouped(secret),
            "required": policy.two_factor_required(user),
        },
        status=status,
    )
    return _private(response)


def _recovery_codes_response(request, codes, *, enrolled=False):
    response = TemplateResponse(
        request,
        TEMPLATES + "recovery_codes.html",
        {
            "codes": [services.format_recovery_code(code) for code in codes],
            "enrolled": enrolled,
            "next": _next(request),
        },
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def account(request):
    """The user's own two-factor page: whether it is set up, recovery codes left, new codes."""
    user = request.user
    enrolled = services.user_has_two_factor(user)
    if request.method == "POST":
        if not enrolled:
            return redirect("staff_accounts_admin:enrol")
        codes = services.recovery_codes_renew(user=user, address=client_ip(request))
        return _recovery_codes_response(request, codes)
    response = TemplateResponse(
        request,
        TEMPLATES + "account.html",
        {
            "enrolled": enrolled,
            "required": policy.two_factor_required(user),
            "codes_left": services.recovery_codes_left(user) if enrolled else 0,
        },
    )
    return _private(response)


def _admin_only(request):
    if not policy.is_department_admin(request.user):
        raise PermissionDenied


def users(request):
    """Department administrators: who has set up two-factor sign-in; reset it for someone who
    lost their phone and their recovery codes."""
    _admin_only(request)
    query = request.GET.get("q", "").strip()[:150]
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    accounts = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(two_factor=Exists(enrolled))
        .order_by("username")
    )
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if request.GET.get("status") == "enrolled":
        accounts = accounts.filter(two_factor=True)
    elif request.GET.get("status") == "missing":
        accounts = accounts.filter(two_factor=False)
    page = Paginator(accounts, USERS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        TEMPLATES + "admin/users.html",
        {
            "page_obj": page,
            "accounts": page.object_list,
            "query": query,
            "status": request.GET.get("status", ""),
        },
    )


@require_http_methods(["GET", "POST"])
def reset(request, pk):
    _admin_only(request)
    target = get_object_or_404(get_user_model(), pk=pk)
    if not policy.can_reset_two_factor(actor=request.user, target=target):
        raise PermissionDenied
    if request.method == "POST":
        services.two_factor_reset(user=target, by=request.user, address=client_ip(request))
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(user)s was reset: they set it up again at their next sign-in."
            )
            % {"user": target.get_username()},
        )
        return redirect("staff_accounts_admin:users")
    return TemplateResponse(
        request,
        TEMPLATES + "admin/reset.html",
        {"target": target, "enrolled": services.user_has_two_factor(target)},
    )
