"""The moderation status machine shared by every moderated public submission.

pending → published, pending → rejected, published → rejected (withdrawn),
rejected → published (reconsidered). Anything else is refused. Every change is written to
Wagtail's audit log (admin → Reports → Site history) with the user who made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from portal.submissions.models import ModeratedSubmission

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from portal.submissions.models import SubmissionStatus


class ModerationError(Exception):
    """An illegal move; the message is shown to the staff member."""


# from status → the statuses a moderator may move it to (the shape of every status table in the
# portal, as applications/status.py)
TRANSITIONS = {
    SubmissionStatus.PENDING: {SubmissionStatus.PUBLISHED, SubmissionStatus.REJECTED},
    SubmissionStatus.PUBLISHED: {SubmissionStatus.REJECTED},
    SubmissionStatus.REJECTED: {SubmissionStatus.PUBLISHED},
}
LOG_ACTIONS = {
    SubmissionStatus.PUBLISHED: "portal.submission.publish",
    SubmissionStatus.REJECTED: "portal.submission.reject",
}


def transition_problem(*, submission, status) -> str | Promise | None:
    """None when `submission` may move to `status`, otherwise the reason it may not."""
    status = SubmissionStatus(status)
    if status not in TRANSITIONS.get(SubmissionStatus(submission.status), ()):
        return _("A submission that is %(current)s cannot become %(target)s.") % {
            "current": SubmissionStatus(submission.status).label,
            "target": status.label,
        }
    if status == SubmissionStatus.PUBLISHED:
        return submission.publish_problem()
    return None


@transaction.atomic
def submission_transition(*, submission, status, user) -> ModeratedSubmission:
    """Move `submission` to `status` (published or rejected), or raise ModerationError."""
    status = SubmissionStatus(status)
    problem = transition_problem(submission=submission, status=status)
    if problem:
        raise ModerationError(problem)
    submission.status = status
    submission.moderated_at = timezone.now()
    submission.moderated_by = user if user is not None and user.is_authenticated else None
    submission.save(update_fields=["status", "moderated_at", "moderated_by", "updated_at"])
    log(instance=submission, action=LOG_ACTIONS[status], user=submission.moderated_by)
    return submission


def submission_publish(*, submission, user) -> ModeratedSubmission:
    return submission_transition(
        submission=submission, status=SubmissionStatus.PUBLISHED, user=user
    )


def submission_reject(*, submission, user) -> ModeratedSubmission:
    return submission_transition(submission=submission, status=SubmissionStatus.REJECTED, user=user)
