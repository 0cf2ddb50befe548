"""Paying a case's fee online (VNPay): the pay buttons, the applicant's return from the
gateway, and the gateway's notification (IPN).

The applicant starts a payment from the confirmation page (their own session's application)
or the tracking page (the application they looked up). Only the IPN records a payment; the
return page reads the state and says plainly when the gateway's signature is wrong.
"""

import logging
from urllib.parse import urlsplit

from django.http import HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from applications import payments, vnpay
from applications.definitions import definition_of
from applications.views import journey, tracking
from applications.views.rendering import render_on
from portal.ratelimit import client_ip

logger = logging.getLogger(__name__)


def _render(request, page, catalogue, context, status=200):
    return render_on(
        request, page, "payment/outcome.html", {"catalogue": catalogue, **context}, status
    )


def _return_url(request, catalogue):
    """Where the gateway sends the applicant back: the catalogue's return route, on
    VNPAY_RETURN_BASE when it is set (e.g. the public HTTPS address behind a proxy)."""
    url = catalogue.get_url(request=request) + catalogue.reverse_subpage("payment_return")
    config = vnpay.config()
    if config is not None and config.return_base:
        return config.return_base.rstrip("/") + urlsplit(url).path
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


def _start(request, page, catalogue, application, back_url):
    try:
        _payment, url = payments.payment_start(
            application=application,
            return_url=_return_url(request, catalogue),
            client_ip=client_ip(request),
        )
    except payments.PaymentError as problem:
        status = 503 if problem.code == "unavailable" else 409
        return _render(
            request,
            page,
            catalogue,
            {"error": problem.messages[0], "back_url": back_url, "application": application},
            status=status,
        )
    return HttpResponseRedirect(url)


def start_submitted(request, page, code):
    """ "Thanh toán" on the confirmation page of the application this session submitted."""
    application = journey._own_application(request, page, code)
    back_url = page.journey_url("confirmation", code=code)
    if request.method != "POST":
        return HttpResponseRedirect(back_url)
    return _start(request, page, page.tracking_page(), application, back_url)


def start_tracked(request, page):
    """The pay button of the tracking page (the application this session looked up)."""
    application = tracking.tracked_application(request)
    if application is None:
        return HttpResponseRedirect(page.tracking_route("track"))
    back_url = page.tracking_route("tracked")
    if request.method != "POST":
        return HttpResponseRedirect(back_url)
    return _start(request, page, page, application, back_url)


def _pay_again_url(request, page, application):
    """Where this browser may start another attempt: its own confirmation page or its
    tracking page; otherwise None (the applicant looks the application up first)."""
    if application.code in request.session.get(journey.DONE_KEY, {}).values():
        return definition_of(application).journey_url("pay", code=application.code)
    tracked = tracking.tracked_application(request)
    if tracked is not None and tracked.pk == application.pk:
        return page.tracking_route("tracked_pay")
    return None


@never_cache
def gateway_return(request, page):
    """The applicant is back from VNPay: check the signature, show what is recorded."""
    params = request.GET.dict()
    valid, payment = payments.payment_for_return(params=params)
    if not valid:
        return _render(request, page, page, {"bad_signature": True}, status=400)
    if payment is None:
        return _render(request, page, page, {"not_found": True}, status=404)
    application = payment.application
    if payment.status == payment.Status.PAID:
        outcome = "paid"
    elif payment.status == payment.Status.PENDING and vnpay.is_success(params):
        outcome = "confirming"  # the gateway's notification has not arrived yet
    elif payment.status == payment.Status.REFUND_DUE:
        outcome = "refund"
    else:
        outcome = "failed"
    state = payments.payment_state(application=application)
    return _render(
        request,
        page,
        page,
        {
            "payment": payment,
            "application": application,
            "outcome": outcome,
            "amount_display": payments.format_vnd(payment.amount),
            "pay_again_url": _pay_again_url(request, page, application) if state.can_pay else None,
        },
    )


@never_cache
@require_GET
def ipn(request):
    """VNPay's Instant Payment Notification: a GET with the signed result; the answer is
    VNPay's JSON {"RspCode", "Message"}."""
    try:
        code, message = payments.payment_notify(params=request.GET.dict())
    except Exception:  # VNPay retries on 99; nothing personal in the log
        logger.exception(
            "VNPay IPN failed for transaction %s", request.GET.get("vnp_TxnRef", "")[:40]
        )
        code, message = vnpay.IPN_UNKNOWN_ERROR
    return JsonResponse({"RspCode": code, "Message": message})
