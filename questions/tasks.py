"""Background work for Q&A (django-tasks: immediate in development and tests, a worker in
production when TASKS names one)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from questions.models import Question

logger = logging.getLogger(__name__)


@task()
def question_answered_notify(*, question_id):
    """E-mail the asker that their question has been answered (once)."""
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .select_related("page")
            .filter(pk=question_id, status="published", notified_at__isnull=True)
            .exclude(email="")
            .first()
        )
        if question is None:
            return False
        page = question.page.specific
        context = {
            "question": question,
            "site_name": page.get_site().site_name if page.get_site() else "",
            "url": page.get_full_url() + page.reverse_subpage("question", args=(question.pk,)),
        }
        subject = " ".join(
            render_to_string("questions/email/answered_subject.txt", context).split()
        )
        body = render_to_string("questions/email/answered.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.email])
        question.notified_at = timezone.now()
        question.save(update_fields=["notified_at"])
    logger.info("Asker of question %s notified", question_id)  # no address in the log
    return True
