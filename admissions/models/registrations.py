"""A registration: the typed data of an admission application (applications.Application).

The engine keeps what every case has (receipt code, the child as the applicant, the parent's
phone, status, history, files); a `Registration` adds what only admissions has: the round,
the child's identity for the one-per-child rule, the residence commune, the ranked choices,
the priority claims, the consent of the child, and the outcome and its confirmation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.models.plans import Track
from admissions.models.pupils import Gender


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting for results")
    ADMITTED = "admitted", _("Admitted")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    CONFIRMED = "confirmed", _("Admitted, enrolment confirmed")
    RELEASED = "released", _("Place released (not confirmed in time)")


class Registration(models.Model):
    application = models.OneToOneField(
        "applications.Application",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="registration",
        verbose_name=_("application"),
    )
    round = models.ForeignKey(
        "admissions.AdmissionRoundPage",
        verbose_name=_("admission round"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    child_personal_id = models.CharField(_("child's personal ID number"), max_length=12)
    child_gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    residence_unit = models.ForeignKey(
        "school_sites.AdministrativeUnit",
        verbose_name=_("commune or ward of residence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_catchment = models.BooleanField(_("lives in the school's catchment"), default=True)
    pupil = models.ForeignKey(
        "admissions.Pupil",
        verbose_name=_("pre-loaded pupil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    priority_group = models.ForeignKey(
        "admissions.PriorityGroup",
        verbose_name=_("priority claimed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    incentive_group = models.ForeignKey(
        "admissions.PriorityGroup",
        verbose_name=_("incentive claimed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=50,
        blank=True,
        help_text=_("Sensitive data: only when a priority claim needs it."),
    )
    child_consent = models.BooleanField(_("the child consented"), default=False)
    child_consent_text = models.TextField(_("the child's consent text"), blank=True)
    practice = models.BooleanField(
        _("practice registration"),
        default=False,
        help_text=_("Made in the practice window: wiped when it closes."),
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered on the family's behalf by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One active registration per child and round; a second one made at another school is
    # kept inactive and flagged for the department (duplicate_of).
    active = models.BooleanField(_("active"), default=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, default=Outcome.PENDING
    )
    admitted_programme = models.ForeignKey(
        "admissions.Programme",
        verbose_name=_("admitted to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admitted",
    )
    outcome_at = models.DateTimeField(_("outcome decided at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("enrolment confirmed at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("oversee_admissions", _("Can oversee the admissions of every school"))]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "child_personal_id", "practice"],
                condition=Q(active=True),
                name="admissions_one_active_registration_per_child",
            )
        ]
        indexes = [models.Index(fields=["round", "outcome"], name="admissions_round_outcome")]

    def __str__(self):
        return str(self.application_id)


class RegistrationChoice(models.Model):
    """A ranked choice (nguyện vọng) in one track: rank 1 is the first choice. The regular
    classes and each optional track (specialised, boarding) have their own ranks."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="choices")
    track = models.CharField(_("track"), max_length=15, choices=Track.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    programme = models.ForeignKey(
        "admissions.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="choices",
    )

    class Meta:
        ordering = ["registration", "track", "rank"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "track", "rank"], name="admissions_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["registration", "programme"], name="admissions_programme_once"
            ),
        ]

    def __str__(self):
        return f"NV{self.rank}"
