"""The status machine every application follows (procedures now, admissions later).

Transitions are data: who may make each move. `services.application_transition` refuses
anything not listed here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENTED = "supplemented", _("Supplemented")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RESULT_ISSUED = "result_issued", _("Result issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    STAFF = "staff", _("Staff")
    APPLICANT = "applicant", _("Applicant")
    # Moves made on the word of the payment gateway's signed notification (applications/payments.py).
    PAYMENT_GATEWAY = "payment_gateway", _("Payment gateway")
    # Moves the portal makes by itself on a schedule (an unpaid application's time runs out).
    SYSTEM = "system", _("The portal (automatically)")


S = Status
STAFF, APPLICANT, GATEWAY, SYSTEM = (
    Actor.STAFF,
    Actor.APPLICANT,
    Actor.PAYMENT_GATEWAY,
    Actor.SYSTEM,
)

# from status → {to status: who may make the move (one actor, or a tuple of them)}
TRANSITIONS = {
    # A procedure with a fee: the application waits for the payment before it is handled.
    # Unpaid after SERVICES_UNPAID_DAYS, the portal closes it (services.payments).
    S.AWAITING_PAYMENT: {S.SUBMITTED: GATEWAY, S.WITHDRAWN: (APPLICANT, SYSTEM)},
    S.SUBMITTED: {S.RECEIVED: STAFF, S.WITHDRAWN: APPLICANT},
    S.RECEIVED: {S.IN_REVIEW: STAFF, S.WITHDRAWN: APPLICANT},
    S.IN_REVIEW: {S.SUPPLEMENT_REQUESTED: STAFF, S.APPROVED: STAFF, S.REJECTED: STAFF},
    S.SUPPLEMENT_REQUESTED: {S.SUPPLEMENTED: APPLICANT},
    S.SUPPLEMENTED: {S.SUPPLEMENT_REQUESTED: STAFF, S.APPROVED: STAFF, S.REJECTED: STAFF},
    S.APPROVED: {S.RESULT_ISSUED: STAFF},
    S.REJECTED: {S.RESULT_ISSUED: STAFF},
    S.RESULT_ISSUED: {},
    S.WITHDRAWN: {},
}

# Statuses in which the handling time runs (the clock stops while waiting on the applicant
# and once a decision is made; it has not started while the fee is unpaid).
CLOCK_RUNNING = frozenset({S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.SUPPLEMENTED})
# Moves into these statuses (re)start the handling time from that day: the fee is paid, or the
# dossier is complete again after a supplement.
CLOCK_STARTS = frozenset({S.SUBMITTED, S.SUPPLEMENTED})
FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves)
# A supplement or a result needs files with the move.
NEEDS_FILES = frozenset({S.SUPPLEMENTED, S.RESULT_ISSUED})
# Whether the applicant needs a note to understand the move.
NEEDS_NOTE = frozenset({S.SUPPLEMENT_REQUESTED, S.REJECTED})


def _actors(who):
    return who if isinstance(who, tuple) else (who,)


def allowed_moves(status, actor):
    """The statuses `actor` may move an application in `status` to, in table order."""
    return [to for to, who in TRANSITIONS[Status(status)].items() if actor in _actors(who)]


def is_allowed(status, to, actor):
    return actor in _actors(TRANSITIONS[Status(status)].get(Status(to), ()))
