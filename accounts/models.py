"""The sign-in audit: one row per sign-in, failure, lockout and two-factor event.

What is kept: when, what happened, the account (the name as typed for a failed sign-in, which
may name no account), the client address and a short detail. Never a password or a code.
Rows older than SIGN_IN_AUDIT_RETENTION_DAYS are purged daily (purge_sign_in_events).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInEvent(models.Model):
    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        FAILED = "failed", _("Wrong user name or password")
        LOCKED = "locked", _("Sign-in locked")
        REFUSED_LOCKED = "refused_locked", _("Refused while locked")
        SIGNED_OUT = "signed_out", _("Signed out")
        TIMED_OUT = "timed_out", _("Signed out after inactivity")
        TWO_FACTOR_VERIFIED = "2fa_verified", _("Two-factor code accepted")
        TWO_FACTOR_FAILED = "2fa_failed", _("Wrong two-factor code")
        RECOVERY_CODE_USED = "2fa_recovery_used", _("Recovery code used")
        TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-factor sign-in set up")
        RECOVERY_CODES_RENEWED = "2fa_codes_renewed", _("Recovery codes renewed")
        TWO_FACTOR_RESET = "2fa_reset", _("Two-factor sign-in reset")

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in audit")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.username}"
