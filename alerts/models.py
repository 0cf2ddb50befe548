"""Urgent notices (storms, school closures) shown as a banner on the sites they target."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from alerts.forms import AlertForm


class AlertQuerySet(models.QuerySet):
    def current(self, *, now=None):
        """Alerts that have started and not yet expired."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, expires_at__gt=now)


class Alert(models.Model):
    """A notice shown on every public page of the sites it targets, from start to expiry.

    A department alert (no school) targets every site, the department's included, unless it
    names levels and/or administrative units: then only the sites of the schools that match
    (the same rule as news pushed to schools). A school's own alert is shown on its site only.
    """

    class Severity(models.IntegerChoices):
        # Ordered: the most severe sorts first (descending).
        INFORMATION = 1, _("information")
        WARNING = 2, _("warning")
        DANGER = 3, _("danger")

    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(
        _("message"),
        max_length=1000,
        help_text=_("A few plain sentences: what, where, what to do."),
    )
    link = models.URLField(
        _("more information"),
        blank=True,
        help_text=_("Optional: the address of a page with the details."),
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.WARNING
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"))
    school = models.ForeignKey(
        "school_sites.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
        help_text=_("A school's own alert is shown on that school's site only."),
    )
    levels = models.ManyToManyField(
        "school_sites.SchoolLevel",
        verbose_name=_("only schools of these levels"),
        blank=True,
        related_name="+",
    )
    units = models.ManyToManyField(
        "school_sites.AdministrativeUnit",
        verbose_name=_("only schools in these administrative units"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    base_form_class = AlertForm
    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldPanel("link"),
        FieldPanel("severity"),
        FieldPanel("starts_at"),
        FieldPanel("expires_at"),
        FieldPanel("school"),
        MultiFieldPanel(
            [FieldPanel("levels"), FieldPanel("units")],
            heading=_("Target (leave empty to show on every site)"),
        ),
    ]

    class Meta:
        ordering = ["-severity", "-starts_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [models.Index(fields=["expires_at", "starts_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.expires_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": _("The end must come after the start.")})

    @property
    def severity_key(self):
        """information / warning / danger: the banner's CSS modifier."""
        return self.Severity(self.severity).name.lower()

    @property
    def is_current(self):
        now = timezone.now()
        return self.starts_at <= now < self.expires_at

    @property
    def scope_label(self):
        if self.school_id:
            return _("School: %(school)s") % {"school": self.school}
        return _("Department")
