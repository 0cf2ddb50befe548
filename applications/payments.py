"""Online payment of a case's fee through VNPay: start an attempt, record the gateway's
notification (IPN), read the state for the applicant.

Only the IPN, signed by the gateway, marks a payment paid and moves the application on; the
applicant's return from the gateway only reads. Keyword-only functions; the protocol itself
is in applications/vnpay.py. Nothing personal is logged: payments are named by their id.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from applications import vnpay
from applications.definitions import definition_of
from applications.models import Application, Payment
from applications.status import Actor, Status

logger = logging.getLogger(__name__)

# What is kept of the gateway's parameters: the transaction's own fields. The optional
# billing fields (vnp_Bill_*: the payer's name, phone, e-mail, address), the signature and
# anything else are dropped.
KEPT_PARAMS = frozenset(
    {
        "vnp_Amount",
        "vnp_BankCode",
        "vnp_BankTranNo",
        "vnp_CardType",
        "vnp_OrderInfo",
        "vnp_PayDate",
        "vnp_ResponseCode",
        "vnp_TmnCode",
        "vnp_TransactionNo",
        "vnp_TransactionStatus",
        "vnp_TxnRef",
    }
)
TXN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


class PaymentError(ValidationError):
    pass


def payment_available():
    """Whether online payment is configured (VNPAY_TMN_CODE and VNPAY_HASH_SECRET)."""
    return vnpay.config() is not None


def format_vnd(amount):
    """50000 → "50.000 đồng" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


@dataclass(frozen=True)
class PaymentState:
    """What the applicant's pages show about the fee of an application."""

    awaiting: bool  # the application waits for its fee
    available: bool  # online payment is configured
    amount: int
    last: Payment | None  # the latest attempt

    @property
    def amount_display(self):
        return format_vnd(self.amount)

    @property
    def can_pay(self):
        return self.awaiting and self.available


def payment_state(*, application):
    amount = definition_of(application).fee_amount
    return PaymentState(
        awaiting=application.status == Status.AWAITING_PAYMENT and amount > 0,
        available=payment_available(),
        amount=amount,
        last=application.payments.order_by("-created_at", "-pk").first(),
    )


def new_txn_ref(application):
    """The receipt code (without its dash) and four random characters: unique per attempt,
    alphanumeric as VNPay asks, and nothing personal."""
    suffix = "".join(secrets.choice(TXN_ALPHABET) for _ in range(4))
    return f"{application.code.replace('-', '')}{suffix}"


def order_info(application):
    # VNPay asks for Vietnamese without diacritics; only the receipt code identifies it.
    return f"Thanh toan le phi ho so {application.code}"


@transaction.atomic
def payment_start(*, application, return_url, client_ip, now=None):
    """A new payment attempt for an application awaiting its fee, and the signed gateway
    address to send the applicant to. Raises PaymentError (Vietnamese) if it cannot start."""
    config = vnpay.config()
    if config is None:
        raise PaymentError(
            _(
                "Online payment is not available at the moment. Please try again later or "
                "contact the handling body."
            ),
            code="unavailable",
        )
    application = Application.objects.select_for_update().get(pk=application.pk)
    amount = definition_of(application).fee_amount
    if application.status != Status.AWAITING_PAYMENT or amount <= 0:
        raise PaymentError(_("This application does not await a payment."), code="not_awaiting")
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    application=application,
                    txn_ref=new_txn_ref(application),
                    amount=amount,
                    created_at=now,
                )
            break
        except IntegrityError:
            continue  # the reference was taken: draw another
    else:  # pragma: no cover - 25^4 references per application
        raise IntegrityError("could not draw a free transaction reference")
    url = vnpay.payment_url(
        config=config,
        txn_ref=payment.txn_ref,
        amount_vnd=amount,
        order_info=order_info(application),
        return_url=return_url,
        ip_address=client_ip,
        created_at=now,
    )
    return payment, url


def _kept(params):
    return {key: str(params[key])[:255] for key in sorted(KEPT_PARAMS) if key in params}


def payment_notify(*, params):
    """Handle VNPay's IPN (a dict of single values). Returns (RspCode, Message) for VNPay.

    Checks, in order: the signature (97), the merchant code and the transaction (01), the
    amount (04), that it was not already recorded (02). A success marks the payment paid and the application
    submitted, in one transaction; a failure marks the payment failed and the application
    keeps waiting for its fee.
    """
    config = vnpay.config()
    if config is None:
        return vnpay.IPN_UNKNOWN_ERROR
    if not vnpay.verify(params, hash_secret=config.hash_secret):
        return vnpay.IPN_INVALID_SIGNATURE
    if str(params.get("vnp_TmnCode", "")) != config.tmn_code:
        return vnpay.IPN_NOT_FOUND  # signed, but for another merchant: not our order
    payment = Payment.objects.filter(txn_ref=str(params.get("vnp_TxnRef", ""))).first()
    if payment is None:
        return vnpay.IPN_NOT_FOUND
    try:
        amount = int(params.get("vnp_Amount", ""))
    except ValueError:
        return vnpay.IPN_INVALID_AMOUNT
    if amount != vnpay.amount_of(payment.amount):
        return vnpay.IPN_INVALID_AMOUNT
    return _record(payment_id=payment.pk, params=params)


@transaction.atomic
def _record(*, payment_id, params):
    from applications.services import application_transition

    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status != Payment.Status.PENDING:
        return vnpay.IPN_ALREADY_CONFIRMED
    application = Application.objects.select_for_update().get(pk=payment.application_id)
    now = timezone.now()
    payment.gateway_transaction_no = str(params.get("vnp_TransactionNo", ""))[:40]
    payment.response_code = str(params.get("vnp_ResponseCode", ""))[:10]
    payment.bank_code = str(params.get("vnp_BankCode", ""))[:20]
    payment.gateway_params = _kept(params)
    payment.confirmed_at = now
    if not vnpay.is_success(params):
        payment.status = Payment.Status.FAILED
        payment.save()
        return vnpay.IPN_CONFIRMED
    payment.paid_at = vnpay.parse_gateway_date(params.get("vnp_PayDate")) or now
    if application.status != Status.AWAITING_PAYMENT:
        # Paid by another attempt already, or withdrawn meanwhile: the money goes back.
        payment.status = Payment.Status.REFUND_DUE
        payment.save()
        logger.warning("payment %s paid for an application not awaiting payment", payment.pk)
        return vnpay.IPN_CONFIRMED
    payment.status = Payment.Status.PAID
    payment.save()
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Fee paid online (VNPay): %(amount)s.") % {"amount": format_vnd(payment.amount)}
    application_transition(
        application=application,
        to_status=Status.SUBMITTED,
        actor=Actor.PAYMENT_GATEWAY,
        note=note,
    )
    return vnpay.IPN_CONFIRMED


def payment_for_return(*, params):
    """The applicant is back from the gateway: (signature valid, payment or None).

    Reads only: the payment's state is what the IPN recorded."""
    config = vnpay.config()
    if config is None or not vnpay.verify(params, hash_secret=config.hash_secret):
        return False, None
    if str(params.get("vnp_TmnCode", "")) != config.tmn_code:
        return False, None  # signed, but for another merchant
    payment = (
        Payment.objects.select_related("application__definition")
        .filter(txn_ref=str(params.get("vnp_TxnRef", "")))
        .first()
    )
    return True, payment


def unpaid_applications(*, now=None, days=None):
    """Applications still awaiting payment `days` (SERVICES_UNPAID_DAYS) after submission."""
    now = now or timezone.now()
    days = settings.SERVICES_UNPAID_DAYS if days is None else days
    return Application.objects.filter(
        status=Status.AWAITING_PAYMENT, submitted_at__lt=now - datetime.timedelta(days=days)
    )


def unpaid_applications_close(*, now=None, days=None):
    """Close, on the portal's own authority, the applications whose fee was never paid, so
    that their personal data does not wait for a payment forever: each is withdrawn with a
    note the applicant sees (and is notified of), then follows its definition's retention
    period like any closed case. Returns how many were closed."""
    from applications.services import TransitionError, application_transition

    days = settings.SERVICES_UNPAID_DAYS if days is None else days
    with translation.override(settings.LANGUAGE_CODE):
        note = str(
            _(
                "The fee was not paid within %(days)d days of submission, so the application "
                "has been closed. You may submit a new application."
            )
            % {"days": days}
        )
    closed = 0
    for application in unpaid_applications(now=now, days=days).order_by("pk"):
        try:
            application_transition(
                application=application,
                to_status=Status.WITHDRAWN,
                actor=Actor.SYSTEM,
                note=note,
                visible=True,
            )
        except TransitionError:  # paid (or withdrawn) in the meantime
            continue
        closed += 1
    return closed
