"""Tell the applicant what happened to their application (in the background).

The task carries only ids; the message is built from the database when it runs. Nothing
personal is logged: a failure logs the event id.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


def notify_applicant(*, event_id):
    send_applicant_email.enqueue(event_id=event_id)


@task()
def send_applicant_email(*, event_id):
    from services.models import ApplicationEvent

    event = ApplicationEvent.objects.select_related("application__procedure").get(pk=event_id)
    application = event.application
    if not application.applicant_email or application.personal_data_purged_at:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "event": event,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("services/email/status_subject.txt", context).strip()
        body = render_to_string("services/email/status_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.applicant_email])
    except OSError:
        logger.warning("applicant e-mail failed for event %s", event_id)
        raise
    return True
