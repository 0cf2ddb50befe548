"""Writes for questions and answers: receiving a question, moderating it, notifying the asker."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.search import index

from portal.submissions.models import SubmissionStatus
from portal.submissions.services import submission_transition
from questions.models import Question

logger = logging.getLogger(__name__)


@transaction.atomic
def question_submit(*, page, name, email="", phone="", question, topic=None) -> Question:
    """Store a question from the public form; it waits for moderation."""
    submitted = Question.objects.create(
        page=page, name=name, email=email, phone=phone, topic=topic, question=question
    )
    logger.info("Question %s received on page %s", submitted.pk, page.pk)  # no personal data
    return submitted


@transaction.atomic
def question_moderate(*, question, status, user) -> Question:
    """Publish or reject a question (the answer must be written to publish).

    Publishing notifies the asker by e-mail once (in the background, after the commit);
    leaving "published" takes the question out of the search index.
    """
    submission_transition(submission=question, status=status, user=user)
    if question.status == SubmissionStatus.PUBLISHED:
        if question.published_at is None:
            question.published_at = timezone.now()
            question.save(update_fields=["published_at"])
        if question.email and question.notified_at is None:
            from questions.tasks import question_answered_notify

            transaction.on_commit(lambda: question_answered_notify.enqueue(question_id=question.pk))
    else:
        index.remove_object(question)
    return question


def question_publish(*, question, user) -> Question:
    return question_moderate(question=question, status=SubmissionStatus.PUBLISHED, user=user)


def question_reject(*, question, user) -> Question:
    return question_moderate(question=question, status=SubmissionStatus.REJECTED, user=user)
