"""Writes for consultations: receiving a comment while the consultation is open."""

from __future__ import annotations

import logging

from django.db import transaction

from consultations.models import ConsultationComment

logger = logging.getLogger(__name__)


class ConsultationClosed(Exception):
    """Comments are not accepted (closed, or not yet open); the message says why."""


@transaction.atomic
def consultation_comment_submit(
    *, consultation, name, comment, email="", phone="", organisation="", section="", now=None
) -> ConsultationComment:
    problem = consultation.closed_problem(now)
    if problem:
        raise ConsultationClosed(problem)
    created = ConsultationComment.objects.create(
        page=consultation,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        section=section,
        comment=comment,
    )
    logger.info("Comment %s received on consultation %s", created.pk, consultation.pk)
    return created
