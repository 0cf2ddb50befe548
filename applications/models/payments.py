"""Online payment of a case's fee: one row per attempt at the gateway (VNPay).

An application may have several attempts (a cancelled or failed payment, then another);
at most one of them is paid. What the gateway sent back is kept for reconciliation, limited
to the transaction's own fields: never the payer's details.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        # Paid at the gateway after the application no longer awaited a payment (a second
        # attempt paid too, or the application was withdrawn): the money is to be returned.
        REFUND_DUE = "refund_due", _("Paid, to be refunded")

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,  # a payment is a financial record
        related_name="payments",
    )
    txn_ref = models.CharField(_("transaction reference"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    gateway_transaction_no = models.CharField(
        _("gateway transaction number"), max_length=40, blank=True
    )
    response_code = models.CharField(_("response code"), max_length=10, blank=True)
    bank_code = models.CharField(_("bank code"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed by the gateway at"), null=True, blank=True)
    gateway_params = models.JSONField(
        _("parameters sent by the gateway"),
        default=dict,
        blank=True,
        help_text=_("The transaction's fields only; the payer's details are not kept."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="paid"),
                name="services_payment_one_paid_per_application",
            )
        ]

    def __str__(self):
        return self.txn_ref
