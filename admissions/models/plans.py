"""Each school's admission plan for a round (kế hoạch tuyển sinh), approved by the department.

A plan is a snippet under a Wagtail workflow: the school's staff fill it in and submit it, the
department's admissions officers approve it, and approval publishes it (`live`). Only a live
plan takes registrations and shows on the school's *Tuyển sinh* section and the portal's
admissions page. Its programmes (the regular class, a specialised subject, the boarding track)
carry the quotas.
"""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)


class Track(models.TextChoices):
    REGULAR = "regular", _("Regular class")
    SPECIALISED = "specialised", _("Specialised (chuyên)")
    BOARDING = "boarding", _("Ethnic boarding (DTNT)")


class AdmissionPlan(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    round = models.ForeignKey(
        "admissions.AdmissionRoundPage",
        verbose_name=_("admission round"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    school = models.ForeignKey(
        "school_sites.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="admission_plans",
    )
    catchment = ParentalManyToManyField(
        "school_sites.AdministrativeUnit",
        verbose_name=_("catchment (communes and wards)"),
        blank=True,
        related_name="admission_plans",
        help_text=_(
            "The communes and wards whose children this school admits (set by the People's "
            "Committee). For grade 10, leave empty when the school admits from the whole "
            "province."
        ),
    )
    criteria = models.TextField(
        _("criteria and priorities"),
        blank=True,
        help_text=_("How places are decided when there are more registrations than places."),
    )
    documents = models.TextField(
        _("documents to bring"), blank=True, help_text=_("One document per line.")
    )
    contact = models.CharField(
        _("whom to contact"),
        max_length=255,
        blank=True,
        help_text=_("A named person and a phone number for questions about this plan."),
    )
    notes = models.TextField(_("other information"), blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="admission_plan")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="admission_plan",
        for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("round"), FieldPanel("school")]),
        InlinePanel("programmes", label=_("Programmes and quotas"), min_num=1),
        FieldPanel("catchment", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("criteria"),
                FieldPanel("documents"),
                FieldPanel("contact"),
                FieldPanel("notes"),
            ],
            heading=_("What families need to know"),
        ),
    ]

    class Meta:
        verbose_name = _("admission plan")
        verbose_name_plural = _("admission plans")
        ordering = ["round", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "school"], name="admissions_one_plan_per_school"
            )
        ]

    def __str__(self):
        return f"{self.school} – {self.round}"

    @property
    def quota(self) -> int:
        return sum(programme.quota for programme in self.programmes.all())

    @property
    def classes(self) -> int:
        return sum(programme.classes for programme in self.programmes.all())

    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class Programme(Orderable):
    """A class type of a school in a round (school × track): the unit that has a quota."""

    plan = ParentalKey(AdmissionPlan, on_delete=models.CASCADE, related_name="programmes")
    track = models.CharField(
        _("track"), max_length=15, choices=Track.choices, default=Track.REGULAR
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("For a specialised class: the subject.")
    )
    quota = models.PositiveIntegerField(_("quota (chỉ tiêu)"))
    classes = models.PositiveSmallIntegerField(_("classes"), default=1)
    direct_admissions = models.PositiveIntegerField(
        _("direct admissions (tuyển thẳng)"),
        default=0,
        help_text=_("Places already given by direct admission, taken off the quota."),
    )

    panels = [
        FieldRowPanel([FieldPanel("track"), FieldPanel("name")]),
        FieldRowPanel(
            [FieldPanel("quota"), FieldPanel("classes"), FieldPanel("direct_admissions")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        school = self.plan.school.name
        if self.track == Track.REGULAR:
            return school
        label = self.name or self.get_track_display()
        return f"{school} – {label}"

    @property
    def places(self) -> int:
        """The places the round fills: the quota less direct admissions."""
        return max(self.quota - self.direct_admissions, 0)
