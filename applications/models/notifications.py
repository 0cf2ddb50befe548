"""Notifications to the applicant: one row per event and channel, with its delivery state.

The recipient is read from the application when the message is sent, never copied here, and
`last_error` holds a short technical reason only (an exception class, an SMTP or HTTP code):
purging an application's personal data leaves nothing personal in this table.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Gave up")

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("application"),
    )
    event = models.ForeignKey(
        "applications.ApplicationEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("event"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # The name the index had in the `services` app, which the move kept.
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="services_no_status_84215f_idx")
        ]

    def __str__(self):
        return f"{self.application_id} {self.channel} {self.status}"

    @property
    def can_resend(self):
        return self.status in (self.Status.FAILED, self.Status.GAVE_UP)
