"""Tell the applicant what happened to their application, by e-mail and SMS, in the background.

Each visible event gets one `Notification` per channel the applicant can receive, written in
the event's own transaction (so none is lost), and one task per notification, carrying only its
id, enqueued when that transaction commits. The message and the recipient are read from the
database when the task runs.

A failed delivery is recorded (attempts, a short technical reason, the next attempt after a
back-off). `manage.py retry_notifications` (a timer, deploy/systemd) sends what is due, and a
task backend that can defer tasks gets a deferred task as well; after NOTIFY_MAX_ATTEMPTS the
notification gives up. Staff see every notification in the back office and may resend one.

Nothing personal is logged or stored here: logs name the notification id and channel.
"""

import datetime
import logging
import smtplib
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from applications import sms
from applications.definitions import definition_of
from applications.models import ApplicationEvent, Notification

logger = logging.getLogger(__name__)

# Wait after the 1st, 2nd, 3rd… failed attempt (the last value repeats).
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
)
# A notification still pending after this long lost its task (a queue outage, a crash):
# the retry command sends it.
STALE_PENDING = datetime.timedelta(minutes=10)
DEFAULT_EMAIL_TIMEOUT = 30  # seconds

State = Notification.Status


class GiveUp(Exception):
    """Retrying cannot help (no recipient any more, SMS switched off)."""


def max_attempts():
    return max(1, settings.NOTIFY_MAX_ATTEMPTS)


def backoff(attempts):
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def channels_for(application):
    """The channels this applicant can receive, today."""
    if application.personal_data_purged_at:
        return []
    channels = []
    if application.applicant_email:
        channels.append(Notification.Channel.EMAIL)
    if sms.is_enabled() and sms.international_number(application.applicant_phone):
        channels.append(Notification.Channel.SMS)
    return channels


def notifications_create(*, application, event):
    """One notification per channel for a visible event, sent once the transaction commits."""
    created = [
        Notification.objects.create(application=application, event=event, channel=channel)
        for channel in channels_for(application)
    ]
    for notification in created:
        _enqueue_on_commit(notification)
    return created


def _enqueue_on_commit(notification, *, run_after=None):
    pk, channel = notification.pk, notification.channel
    transaction.on_commit(lambda: _enqueue(pk, channel, run_after=run_after))


def _enqueue(notification_id, channel, *, run_after=None):
    job = send_notification
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return  # the retry command will send it when it is due
        job = job.using(run_after=run_after)
    try:
        job.enqueue(notification_id=notification_id)
    except Exception as error:  # noqa: BLE001 - whatever the queue raises, the row stays and the timer sends it
        logger.warning(
            "notification %s (%s) not enqueued: %s", notification_id, channel, type(error).__name__
        )


@task()
def send_notification(*, notification_id):
    return notification_send(notification_id=notification_id)


def notification_send(*, notification_id, now=None):
    """Try to deliver one notification if it is still due; returns its status afterwards
    (None if it is not there to send: already sent, given up, or being sent right now)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("application__definition", "event")
            .filter(pk=notification_id, status__in=[State.PENDING, State.FAILED])
            .first()
        )
        if notification is None:
            return None
        now = now or timezone.now()
        if notification.status == State.FAILED and (notification.next_attempt_at or now) > now:
            return notification.status  # a retry that is not due yet
        try:
            _deliver(notification)
        except GiveUp as error:
            _record_failure(notification, reason=str(error), now=now, give_up=True)
        except Exception as error:  # noqa: BLE001 - every delivery error is recorded, never raised
            _record_failure(notification, reason=_reason(error), now=now)
        else:
            notification.status = State.SENT
            notification.attempts += 1
            notification.sent_at = now
            notification.next_attempt_at = None
            notification.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at"])
            logger.info("notification %s (%s) sent", notification.pk, notification.channel)
    return notification.status


def _reason(error):
    """A short technical reason: never the exception's text, which may hold an address."""
    if isinstance(error, sms.SmsError):
        return str(error)[:200]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def _record_failure(notification, *, reason, now, give_up=False):
    notification.attempts += 1
    notification.last_error = reason[:200]
    if give_up or notification.attempts >= max_attempts():
        notification.status = State.GAVE_UP
        notification.next_attempt_at = None
    else:
        notification.status = State.FAILED
        notification.next_attempt_at = now + backoff(notification.attempts)
        _enqueue_on_commit(notification, run_after=notification.next_attempt_at)
    notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "notification %s (%s) attempt %s failed (%s): %s",
        notification.pk,
        notification.channel,
        notification.attempts,
        notification.status,
        notification.last_error,
    )


def _tracking_url(application):
    url = definition_of(application).tracking_page().get_tracking_url()
    return url or settings.WAGTAILADMIN_BASE_URL


def _deliver(notification):
    application = notification.application
    if application.personal_data_purged_at:
        raise GiveUp("personal data purged")
    # Without its event (history removed) the message tells the current status.
    event = notification.event or ApplicationEvent(
        application=application, to_status=application.status
    )
    context = {
        "application": application,
        "event": event,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "tracking_url": _tracking_url(application),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if notification.channel == Notification.Channel.EMAIL:
            if not application.applicant_email:
                raise GiveUp("no e-mail address")
            subject = render_to_string("applications/email/status_subject.txt", context).strip()
            body = render_to_string("applications/email/status_body.txt", context)
            connection = get_connection(timeout=settings.EMAIL_TIMEOUT or DEFAULT_EMAIL_TIMEOUT)
            send_mail(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [application.applicant_email],
                connection=connection,
            )
        else:
            if not sms.is_enabled():
                raise GiveUp("SMS is switched off")
            number = sms.international_number(application.applicant_phone)
            if number is None:
                raise GiveUp("no mobile number")
            text = sms.plain_text(render_to_string("applications/sms/status.txt", context))
            sms.send(to=number, text=text)


def due_for_retry(*, now=None):
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(status=State.FAILED, next_attempt_at__lte=now)
        | Q(status=State.PENDING, created_at__lte=now - STALE_PENDING)
    ).order_by("created_at", "pk")


def notifications_retry(*, now=None, limit=1000):
    """Send every notification that is due; returns a Counter of the resulting statuses."""
    counts = Counter()
    for pk in due_for_retry(now=now).values_list("pk", flat=True)[:limit]:
        status = notification_send(notification_id=pk, now=now)
        if status is not None:
            counts[status] += 1
    return counts


@transaction.atomic
def notification_resend(*, notification):
    """Staff ask for another series of attempts of a failed or abandoned notification."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if not notification.can_resend:
        raise ValidationError(
            _("This notification is not waiting to be resent."), code="not_failed"
        )
    notification.status = State.PENDING
    notification.attempts = 0
    notification.next_attempt_at = None
    notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    _enqueue_on_commit(notification)
    logger.info("notification %s (%s) resent by staff", notification.pk, notification.channel)
    return notification
