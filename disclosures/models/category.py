import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from disclosures import schedule


class DisclosureCategory(models.Model):
    """A category of Circular 09/2024 (general information, conditions ensuring quality,
    finances, enrolment plan) or the annual report, with its schedule.

    Department data: the due date each school year and the minimum display period are "to
    confirm" in the circular's Art. 3, so they are set here, not in code.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What a school publishes in this category.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Each school year, a disclosure of this category is due by this day and month "
            "(months from the school year's start fall in its first calendar year). Leave "
            "both empty for no due date."
        ),
    )
    display_days = models.PositiveSmallIntegerField(
        _("minimum display period (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3660)],
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("due_day"), FieldPanel("due_month")]),
                FieldPanel("display_days"),
            ],
            heading=_("Schedule"),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("disclosure category")
        verbose_name_plural = _("disclosure categories")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.due_day is None) != (self.due_month is None):
            raise ValidationError(
                {"due_month": _("Give both the day and the month of the due date, or neither.")}
            )
        if self.due_day and self.due_month:
            try:
                datetime.date(2024, self.due_month, self.due_day)  # a leap year
            except ValueError:
                raise ValidationError(
                    {"due_day": _("This day does not exist in that month.")}
                ) from None

    def due_date(self, school_year):
        return schedule.due_date(school_year=school_year, month=self.due_month, day=self.due_day)
