"""Writes of the case engine: submission, transitions, assignment, notes, files.

Keyword-only functions, each one transaction; views parse input, call these and render.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import selectors
from applications.definitions import definition_of
from applications.models import Application, ApplicationEvent, Attachment
from applications.status import (
    CLOCK_STARTS,
    NEEDS_FILES,
    NEEDS_NOTE,
    Actor,
    Status,
    allowed_moves,
    is_allowed,
)

SUPPLEMENT_MAX_MB = 10
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B


class TransitionError(ValidationError):
    pass


def new_receipt_code(now=None) -> str:
    """E.g. HS260514-K7QX3M: the date, then six characters that are hard to misread."""
    day = timezone.localtime(now or timezone.now())
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"HS{day:%y%m%d}-{suffix}"


def _notify(application, event) -> None:
    """Notifications of a visible event, written in its transaction, sent after commit."""
    from applications import notifications

    notifications.notifications_create(application=application, event=event)


@transaction.atomic
def application_submit(
    *,
    definition,
    submission_token,
    applicant,
    answers,
    school=None,
    pages=None,
) -> tuple[Application, bool]:
    """Create the application of a journey on `definition` (a CaseDefinition), once.

    `submission_token` identifies the journey (issued when it starts, kept in the session):
    a double click, a re-posted form or a retry after a network error finds the application
    the first request created (the unique constraint decides between concurrent requests).
    `school` is the school the applicant chose, required when the definition goes to a school
    (and refused otherwise): its staff process the application. The consent stored is the
    definition's text and version at this moment. `pages` ({journey page: cleaned data}) goes
    to the definition's ``case_submitted`` in the same transaction, where a client writes its
    typed rows; a ValidationError there leaves nothing written.
    Returns (application, created).
    """
    existing = Application.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if definition.goes_to_school and school is None:
        raise ValidationError(_("Please choose the school."), code="school")
    if school is not None and not definition.goes_to_school:
        raise ValidationError(_("This service does not go to a school."), code="school")
    now = timezone.now()
    start = selectors.clock_start(at=now)
    # A case with a fee waits for the payment; its handling time starts when it is paid.
    awaiting_payment = definition.fee_amount > 0
    status = Status.AWAITING_PAYMENT if awaiting_payment else Status.SUBMITTED
    fields = {
        "definition": definition,
        "school": school,
        "submission_token": submission_token,
        "status": status,
        "submitted_at": now,
        "clock_started_on": start,
        "due_date": None
        if awaiting_payment
        else selectors.due_date(start=start, days=definition.time_limit_days),
        "applicant_name": applicant["name"],
        "applicant_birth_date": applicant.get("birth_date"),
        "applicant_phone": applicant["phone"],
        "applicant_email": applicant.get("email", ""),
        "applicant_personal_id": applicant.get("personal_id", ""),
        "answers": answers,
        "consent_text": definition.consent_text,
        "consent_version": definition.consent_version,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                application = Application.objects.create(code=new_receipt_code(now), **fields)
            break
        except IntegrityError:
            existing = Application.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
            # Otherwise the receipt code was taken: draw another.
    else:  # pragma: no cover - 25^6 codes a day
        raise IntegrityError("could not draw a free receipt code")
    Attachment.objects.filter(draft_token=submission_token, application=None).update(
        application=application, draft_token=None
    )
    definition.case_submitted(application=application, pages=pages or {})
    event = ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.TRANSITION,
        at=now,
        actor=Actor.APPLICANT,
        to_status=status,
        visible_to_applicant=True,
    )
    _notify(application, event)
    return application, True


@transaction.atomic
def application_transition(
    *, application, to_status, actor, user=None, note="", visible=True, files=()
) -> Application:
    """Move an application along the status machine, or refuse.

    Records who, when, the note and whether the applicant sees it; restarts the handling
    clock after a supplement; notifies the applicant of a visible move.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    to_status = Status(to_status)
    if not is_allowed(application.status, to_status, actor):
        raise TransitionError(
            _("This application cannot move from “%(from)s” to “%(to)s”.")
            % {"from": Status(application.status).label, "to": to_status.label},
            code="illegal",
        )
    if to_status in NEEDS_NOTE and not note.strip():
        raise TransitionError(_("Please write a note for the applicant."), code="note")
    if to_status in NEEDS_FILES and not files:
        raise TransitionError(_("Please attach at least one file."), code="files")
    now = timezone.now()
    event = ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.TRANSITION,
        at=now,
        actor=actor,
        user=user,
        from_status=application.status,
        to_status=to_status,
        note=note.strip(),
        visible_to_applicant=visible or actor == Actor.APPLICANT,
    )
    application.status = to_status
    if to_status in CLOCK_STARTS:
        # The time limit runs (again) from the day the fee was paid or the dossier became
        # complete.
        application.clock_started_on = selectors.clock_start(at=now)
        application.due_date = selectors.due_date(
            start=application.clock_started_on, days=definition_of(application).time_limit_days
        )
    if to_status in (Status.APPROVED, Status.REJECTED):
        application.decided_at = now
    application.save(
        update_fields=["status", "clock_started_on", "due_date", "decided_at", "updated_at"]
    )
    kind = {
        Status.SUPPLEMENTED: Attachment.Kind.SUPPLEMENT,
        Status.RESULT_ISSUED: Attachment.Kind.RESULT,
    }.get(to_status)
    for upload in files:
        upload.application, upload.kind, upload.draft_token = application, kind, None
        upload.save(update_fields=["application", "kind", "draft_token"])
    definition_of(application).case_status_changed(application=application, event=event)
    if event.visible_to_applicant:
        _notify(application, event)
    return application


def staff_moves(*, application) -> list:
    return allowed_moves(application.status, Actor.STAFF)


@transaction.atomic
def application_assign(*, application, assignee, user) -> Application:
    application.assignee = assignee
    application.save(update_fields=["assignee", "updated_at"])
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.ASSIGNMENT,
        actor=Actor.STAFF,
        user=user,
        note=assignee.get_full_name() or assignee.get_username() if assignee else "",
    )
    return application


@transaction.atomic
def application_add_note(*, application, user, note) -> ApplicationEvent:
    note = note.strip()
    if not note:
        raise ValidationError(_("The note is empty."), code="empty")
    return ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.NOTE,
        actor=Actor.STAFF,
        user=user,
        note=note,
    )


def ensure_staff_may_process(*, user, application) -> None:
    from applications import permissions

    if not permissions.can_process(user=user, application=application):
        raise PermissionDenied


@transaction.atomic
def attachment_store(
    *,
    upload,
    kind,
    allowed,
    max_mb,
    draft_token=None,
    application=None,
    field_name="",
    label="",
    checked=None,
) -> Attachment:
    """Check an uploaded file by its content and sizes, and keep it in private storage
    under a random name. Raises ValidationError (Vietnamese) and stores nothing if refused.
    `checked` is the (file kind, SHA-256) of a file the caller has already checked with
    `files.check_upload` (sniffed, hashed, scanned), which is then not checked again."""
    from applications import files

    if checked is None:
        already = (
            files.bytes_of_application(application)
            if application is not None
            else files.bytes_of_journey(draft_token)
        )
        checked = files.check_upload(upload, allowed=allowed, max_mb=max_mb, already_bytes=already)
    file_kind, digest = checked
    attachment = Attachment(
        application=application,
        draft_token=draft_token,
        kind=kind,
        field_name=field_name,
        label=label,
        original_name=files.safe_display_name(upload.name, file_kind),
        content_type=files.CONTENT_TYPES[file_kind],
        size=upload.size,
        sha256=digest,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


def attachment_discard(*, attachment) -> None:
    """Delete an attachment's stored file, then its row (a missing file is not an error)."""
    if attachment.file.name:
        attachment.file.storage.delete(attachment.file.name)
    attachment.delete()


@transaction.atomic
def application_supplement(*, application, uploads, note="") -> Application:
    """The applicant answers a supplement request with files: all accepted, or none."""
    from applications import files as file_checks

    if not uploads:
        raise TransitionError(_("Please attach at least one file."), code="files")
    allowed = list(file_checks.CONTENT_TYPES)
    total = file_checks.bytes_of_application(application)
    checks = []
    for upload in uploads:  # check every file (once) before storing any
        checks.append(
            file_checks.check_upload(
                upload, allowed=allowed, max_mb=SUPPLEMENT_MAX_MB, already_bytes=total
            )
        )
        total += upload.size
    stored = [
        attachment_store(
            upload=upload,
            kind=Attachment.Kind.SUPPLEMENT,
            allowed=allowed,
            max_mb=SUPPLEMENT_MAX_MB,
            application=application,
            label=_("Supplement"),
            checked=checked,
        )
        for upload, checked in zip(uploads, checks, strict=True)
    ]
    return application_transition(
        application=application,
        to_status=Status.SUPPLEMENTED,
        actor=Actor.APPLICANT,
        note=note,
        files=stored,
    )


def applicant_moves(*, application) -> list:
    return allowed_moves(application.status, Actor.APPLICANT)
