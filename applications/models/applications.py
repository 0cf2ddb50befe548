"""Applications: the cases of the engine, whatever their kind.

One `Application` table holds what every case has: a receipt code, the applicant's identity
(for tracking and notifications), the status machine, the deadline, a snapshot of the answers
(labels and values, as the applicant saw them) and the consent given. `definition` is the page
the applicant applied on, which implements the case-definition protocol
(applications.definitions) and so says what kind of case it is and how it is handled. A client
that needs typed columns of its own adds a multi-table child or a one-to-one row; the status
machine, history, attachments, tracking and back office apply to it unchanged.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.status import Actor, Status
from applications.storage import private_storage


class Application(models.Model):
    definition = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("applied on"),
        on_delete=models.PROTECT,
        related_name="applications",
        help_text=_("The page the applicant applied on, which says how the case is handled."),
    )
    school = models.ForeignKey(
        "school_sites.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text=_("The school that processes the application, when it goes to a school."),
    )
    code = models.CharField(_("receipt code"), max_length=20, unique=True)
    submission_token = models.UUIDField(
        _("submission token"),
        unique=True,
        editable=False,
        help_text=_("One per applicant journey: a repeated submission finds the same row."),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    clock_started_on = models.DateField(_("handling time counted from"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The applicant: kept in columns for tracking, notifications and the back office search.
    applicant_name = models.CharField(_("applicant's name"), max_length=150)
    applicant_birth_date = models.DateField(_("applicant's date of birth"), null=True)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=15)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    applicant_personal_id = models.CharField(_("personal ID number"), max_length=12, blank=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    personal_data_purged_at = models.DateTimeField(_("personal data purged at"), null=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        # Index names are those the tables had in the `services` app, which the move kept.
        indexes = [
            models.Index(fields=["status", "due_date"], name="services_ap_status_e34a01_idx"),
            models.Index(fields=["definition", "status"], name="applications_definition_status"),
            models.Index(fields=["submitted_at"], name="services_ap_submitt_358c68_idx"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_overdue(self):
        from applications.status import CLOCK_RUNNING

        return (
            self.due_date is not None
            and self.status in CLOCK_RUNNING
            and timezone.localdate() > self.due_date
        )


class ApplicationEvent(models.Model):
    """The append-only history: every transition, assignment and internal note."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Status change")
        NOTE = "note", _("Internal note")
        ASSIGNMENT = "assignment", _("Assignment")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.CharField(_("by"), max_length=20, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    visible_to_applicant = models.BooleanField(_("visible to the applicant"), default=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    # Never the applicant's file name: a random name in a dated folder.
    return f"applications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file of an application, in private storage. Before submission it belongs to the
    journey (`draft_token`); submission hands it to the application."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", _("Submitted by the applicant")
        SUPPLEMENT = "supplement", _("Supplement")
        RESULT = "result", _("Result")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    draft_token = models.UUIDField(_("journey"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    field_name = models.CharField(_("form field"), max_length=60, blank=True)
    label = models.CharField(_("label"), max_length=255, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
