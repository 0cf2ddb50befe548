"""A legal document's status on a given day: one rule, used in Python and in SQL.

`document_status(...)` decides it for one document; `status_q(...)` is the same rule as a
query filter, so the library's status filter and the label on each row always agree.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_YET = "chua-hieu-luc", _("Not yet in force")
    IN_FORCE = "con-hieu-luc", _("In force")
    EXPIRED = "het-hieu-luc", _("Expired")
    REPLACED = "bi-thay-the", _("Replaced")


def document_status(*, effective_date, expiry_date, replaced, on):
    """The status on day `on`: replaced (by a published document) wins, then expiry, then
    the effective date. No effective date means in force from issue; the expiry date is the
    first day the document no longer applies."""
    if replaced:
        return Status.REPLACED
    if expiry_date is not None and on >= expiry_date:
        return Status.EXPIRED
    if effective_date is not None and on < effective_date:
        return Status.NOT_YET
    return Status.IN_FORCE


def status_q(status, *, on):
    """A filter on LegalDocumentPage matching `document_status(...) == status` on day `on`."""
    replaced = Q(replaced_by__isnull=False, replaced_by__live=True)
    expired = Q(expiry_date__isnull=False, expiry_date__lte=on)
    not_yet = Q(effective_date__isnull=False, effective_date__gt=on)
    if status == Status.REPLACED:
        return replaced
    if status == Status.EXPIRED:
        return ~replaced & expired
    if status == Status.NOT_YET:
        return ~replaced & ~expired & not_yet
    if status == Status.IN_FORCE:
        return ~replaced & ~expired & ~not_yet
    raise ValueError(f"Unknown status: {status!r}")
