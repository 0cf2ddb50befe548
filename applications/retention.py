"""Retention of applicants' personal data (Decree 13/2023: keep it no longer than it serves).

A case ends when its application reaches a final status (result issued, withdrawn: see
`applications.status.FINAL`); applications still open are never purged. Its personal data is
kept for its definition's `retention_days` (counted from the last status change, the move into
the final status) and then purged: the applicant's identity, the answers' values, every
attached file and the free-text notes of its history. The row stays, with its code,
definition, status and dates, so the statistics keep counting it.

`purge_expired_applications` runs daily (management command `purge_expired_applications`).
Each application is purged in a transaction of its own; a run can be repeated safely.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from applications.models import Application, ApplicationEvent, Attachment
from applications.services import attachment_discard
from applications.status import FINAL

logger = logging.getLogger(__name__)

PURGE_ACTION = "services.purge_personal_data"


@dataclasses.dataclass
class PurgeResult:
    applications: int = 0
    attachments: int = 0
    dry_run: bool = False


def ended_at_expression():
    """When the case ended: the last status change (the move into the final status); the
    decision time, then the submission time, for rows without a history."""
    return Coalesce(
        Max("events__at", filter=Q(events__kind=ApplicationEvent.Kind.TRANSITION)),
        F("decided_at"),
        F("submitted_at"),
        output_field=DateTimeField(),
    )


def retention_periods(definition_ids) -> dict[int, datetime.timedelta]:
    """Each definition's retention period (CaseDefinition.retention_days), read from the
    definitions themselves: one query per kind of definition."""
    pages = Page.objects.filter(pk__in=set(definition_ids)).specific()
    return {page.pk: datetime.timedelta(days=page.retention_days) for page in pages}


def applications_due_for_purge(*, now=None):
    """Applications in a final status whose definition's retention period has run out since
    the case ended, and whose personal data is still there."""
    now = now or timezone.now()
    candidates = Application.objects.filter(status__in=FINAL, personal_data_purged_at__isnull=True)
    periods = retention_periods(candidates.values_list("definition_id", flat=True).distinct())
    if not periods:
        return candidates.none()
    retention = Case(
        *(When(definition_id=pk, then=Value(period)) for pk, period in periods.items()),
        output_field=DurationField(),
    )
    return (
        candidates.filter(definition_id__in=periods)
        .annotate(ended_at=ended_at_expression())
        .annotate(
            expires_at=ExpressionWrapper(F("ended_at") + retention, output_field=DateTimeField())
        )
        .filter(expires_at__lte=now)
        .order_by("pk")
    )


def anonymised_answers(answers):
    """The answers with their labels (what was asked) and without the values (what was
    answered)."""
    kept = ("name", "label", "type", "step")
    return [
        {key: answer[key] for key in kept if key in answer}
        for answer in (answers or [])
        if isinstance(answer, dict)
    ]


def application_purge_personal_data(*, application_id, now=None):
    """Purge one application's personal data, in one transaction. Returns the number of
    files deleted, or None when there was nothing to do (already purged, or not final).

    The files are deleted before the rows inside the transaction: should the transaction
    fail, the application stays unpurged and the next run deletes the rest (deleting a
    missing file is not an error).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .filter(pk=application_id, status__in=FINAL, personal_data_purged_at__isnull=True)
            .first()
        )
        if application is None:
            return None
        attachments = list(Attachment.objects.filter(application=application))
        for attachment in attachments:
            attachment_discard(attachment=attachment)
        ApplicationEvent.objects.filter(application=application).exclude(
            kind=ApplicationEvent.Kind.ASSIGNMENT
        ).update(note="")
        application.applicant_name = ""
        application.applicant_birth_date = None
        application.applicant_phone = ""
        application.applicant_email = ""
        application.applicant_personal_id = ""
        application.answers = anonymised_answers(application.answers)
        application.personal_data_purged_at = now
        application.save(
            update_fields=[
                "applicant_name",
                "applicant_birth_date",
                "applicant_phone",
                "applicant_email",
                "applicant_personal_id",
                "answers",
                "personal_data_purged_at",
                "updated_at",
            ]
        )
        # The audit trail of who processed personal data: here, the system.
        log(instance=application, action=PURGE_ACTION, user=None, data={"files": len(attachments)})
    return len(attachments)


def abandoned_uploads(*, now=None):
    """Files held for a journey (or a staff move) that never reached an application, older
    than the longest a session lasts: the journey can no longer be resumed. Only files held
    on a draft token: a file another app keeps for itself without an application (a pupil's
    correction evidence) is that app's to purge."""
    now = now or timezone.now()
    cutoff = (
        now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) - datetime.timedelta(days=1)
    )
    return Attachment.objects.filter(
        application__isnull=True, draft_token__isnull=False, uploaded_at__lt=cutoff
    )


def purge_abandoned_uploads(*, now=None, dry_run=False):
    """Delete the files (and rows) of abandoned journeys. Returns how many."""
    uploads = list(abandoned_uploads(now=now))
    if dry_run:
        return len(uploads)
    for upload in uploads:
        with transaction.atomic():
            attachment_discard(attachment=upload)
    return len(uploads)


def purge_expired_applications(*, now=None, dry_run=False):
    """Purge every application whose retention period has run out. With `dry_run`, count
    what would be purged and change nothing. Returns a PurgeResult (counts only)."""
    now = now or timezone.now()
    due = applications_due_for_purge(now=now)
    if dry_run:
        ids = list(due.values_list("pk", flat=True))
        return PurgeResult(
            applications=len(ids),
            attachments=Attachment.objects.filter(application_id__in=ids).count(),
            dry_run=True,
        )
    result = PurgeResult()
    for application_id in list(due.values_list("pk", flat=True)):
        files = application_purge_personal_data(application_id=application_id, now=now)
        if files is not None:
            result.applications += 1
            result.attachments += files
    logger.info(
        "purged the personal data of %d applications (%d files)",
        result.applications,
        result.attachments,
    )
    return result
