"""Pupils pre-loaded from the education database (CSDL ngành) before a round opens.

Families start the registration from these rows (by the student code, or the child's personal
ID and date of birth) instead of typing everything, and ask for a correction with evidence,
which the pupil's current school confirms. Personal data: never public, never indexed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """What the pupil is finishing, and so which grade they are admitted to next."""

    PRESCHOOL = "preschool", _("Finishing preschool (to grade 1)")
    PRIMARY = "primary", _("Finishing grade 5 (to grade 6)")
    LOWER_SECONDARY = "lower_secondary", _("Finishing grade 9 (to grade 10)")


STAGE_FOR_GRADE = {1: Stage.PRESCHOOL, 6: Stage.PRIMARY, 10: Stage.LOWER_SECONDARY}


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Pupil(models.Model):
    school_year = models.PositiveSmallIntegerField(
        _("admitted in the school year starting"), db_index=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    student_code = models.CharField(_("student code"), max_length=20)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    personal_id = models.CharField(_("personal ID number"), max_length=12, db_index=True)
    current_school = models.ForeignKey(
        "school_sites.School",
        verbose_name=_("current school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
    )
    current_school_name = models.CharField(_("current school (as imported)"), max_length=255)
    unit = models.ForeignKey(
        "school_sites.AdministrativeUnit",
        verbose_name=_("commune or ward of residence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("pre-loaded pupil")
        verbose_name_plural = _("pre-loaded pupils")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "student_code"], name="admissions_one_pupil_per_code"
            )
        ]

    def __str__(self):
        return self.student_code


class PupilCorrection(models.Model):
    """A family's request to correct pre-loaded data, decided by the pupil's current school."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the school")
        ACCEPTED = "accepted", _("Corrected")
        REFUSED = "refused", _("Refused")

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("pupil")
    )
    field = models.CharField(_("what is wrong"), max_length=30)
    proposed = models.CharField(_("correct value"), max_length=255)
    evidence = models.ForeignKey(
        "applications.Attachment",
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self):
        return f"{self.pupil_id} {self.field}"
