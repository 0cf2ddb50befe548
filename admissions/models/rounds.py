"""The admissions pages: the portal's admissions page and one round per school year and grade.

A round (`AdmissionRoundPage`) is the department's frame for the year and grade: the windows,
the number of choices, the age rule, the priority groups and the consent. It is the case
definition of its registrations (applications.definitions.CaseDefinition): the journey is
mounted on it, and every registration points to it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from applications.pages import CaseJourneyMixin
from portal.models.base import PortalPage


class Grade(models.IntegerChoices):
    GRADE_1 = 1, _("Grade 1")
    GRADE_6 = 6, _("Grade 6")
    GRADE_10 = 10, _("Grade 10")


# The age a child reaches in the calendar year the school year starts (Education Law 2019,
# art. 28: 6 for grade 1; then 11 and 15 at the usual pace).
USUAL_AGE = {Grade.GRADE_1: 6, Grade.GRADE_6: 11, Grade.GRADE_10: 15}


class Method(models.TextChoices):
    REVIEW = "review", _("Review of records (xét tuyển)")
    EXAM = "exam", _("Entrance exam (thi tuyển)")
    BOTH = "both", _("Exam and review")


class Phase(models.TextChoices):
    """Where a round stands at a moment, from its dates."""

    UPCOMING = "upcoming", _("Not open yet")
    PRACTICE = "practice", _("Practice window")
    OPEN = "open", _("Registration open")
    CHANGES = "changes", _("Choices may be changed")
    CLOSED = "closed", _("Registration closed")
    RESULTS = "results", _("Results published")
    FINISHED = "finished", _("Finished")


class AdmissionsIndexPage(RoutablePageMixin, PortalPage):
    """The portal's admissions page: every round, every school's plan, quota and demand."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["admissions.AdmissionRoundPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("admissions page")
        verbose_name_plural = _("admissions pages")

    search_content_label = _("Admissions")

    def get_description(self):
        return self.search_description or self.intro

    @path("")
    def overview(self, request):
        from admissions import views

        return views.overview(request, self)


class AdmissionRoundPage(CaseJourneyMixin, PortalPage):
    """One admission round: a school year and a grade, as the department frames it."""

    school_year = models.PositiveSmallIntegerField(
        _("school year starts in"),
        help_text=_("The calendar year the school year starts, e.g. 2026 for 2026–2027."),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.REVIEW
    )
    max_choices = models.PositiveSmallIntegerField(
        _("number of ranked choices"),
        default=1,
        help_text=_("For grade 10: how many schools a candidate may rank (2–3 here, 8 in HCMC)."),
    )
    third_subject = models.CharField(
        _("third exam subject"),
        max_length=100,
        blank=True,
        help_text=_("For an exam: the subject the department announced (before 31 March)."),
    )
    older_years_allowed = models.PositiveSmallIntegerField(
        _("years older allowed"),
        default=3,
        help_text=_(
            "How many years older than the usual age a child may be. For grade 1 an older "
            "child needs a priority claim that allows it (disability, ethnic minority, "
            "disadvantaged area, orphan, returnee)."
        ),
    )
    practice_opens_at = models.DateTimeField(_("practice window opens"), null=True, blank=True)
    practice_closes_at = models.DateTimeField(_("practice window closes"), null=True, blank=True)
    opens_at = models.DateTimeField(_("registration opens"))
    closes_at = models.DateTimeField(_("registration closes"))
    changes_close_at = models.DateTimeField(
        _("choices may be changed until"),
        null=True,
        blank=True,
        help_text=_("For ranked choices: after registration closes, the order may still change."),
    )
    results_at = models.DateTimeField(_("results published"))
    confirm_by = models.DateTimeField(_("enrolment must be confirmed by"))
    reminder_days = models.CharField(
        _("reminders before the confirmation deadline (days)"),
        max_length=30,
        default="5,2,1",
        help_text=_("Days before the deadline, separated by commas."),
    )
    verification_days = models.PositiveSmallIntegerField(
        _("verification time (working days)"), default=5
    )
    before_you_start = RichTextField(_("what you need before you start"), blank=True)
    consent_text = models.TextField(
        _("consent of the parent or guardian"),
        help_text=_("What the parent agrees to about the child's personal data."),
    )
    child_consent_text = models.TextField(
        _("consent of the child"),
        blank=True,
        help_text=_("Asked of a child aged 7 or more (Decree 13/2023)."),
    )
    consent_version = models.CharField(_("consent version"), max_length=20, default="1")
    retention_days = models.PositiveIntegerField(
        _("retention of personal data (days)"),
        default=365,
        help_text=_("After the registration is closed, personal data is kept this many days."),
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("school_year"), FieldPanel("grade")]),
                FieldRowPanel([FieldPanel("method"), FieldPanel("max_choices")]),
                FieldRowPanel([FieldPanel("third_subject"), FieldPanel("older_years_allowed")]),
            ],
            heading=_("The round"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("practice_opens_at"), FieldPanel("practice_closes_at")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("changes_close_at"),
                FieldRowPanel([FieldPanel("results_at"), FieldPanel("confirm_by")]),
                FieldRowPanel([FieldPanel("reminder_days"), FieldPanel("verification_days")]),
            ],
            heading=_("Timeline"),
        ),
        InlinePanel("priority_groups", label=_("Priority and incentive groups")),
        MultiFieldPanel(
            [
                FieldPanel("before_you_start"),
                FieldPanel("consent_text"),
                FieldPanel("child_consent_text"),
                FieldRowPanel([FieldPanel("consent_version"), FieldPanel("retention_days")]),
            ],
            heading=_("Online registration"),
        ),
    ]
    parent_page_types = ["admissions.AdmissionsIndexPage"]
    subpage_types = []

    search_content_label = _("Admissions")

    class Meta:
        verbose_name = _("admission round")
        verbose_name_plural = _("admission rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "grade"], name="admissions_one_round_per_year_and_grade"
            )
        ]

    def clean(self):
        super().clean()
        order = [
            ("practice_opens_at", self.practice_opens_at),
            ("practice_closes_at", self.practice_closes_at),
            ("opens_at", self.opens_at),
            ("closes_at", self.closes_at),
            ("changes_close_at", self.changes_close_at),
            ("results_at", self.results_at),
            ("confirm_by", self.confirm_by),
        ]
        known = [(name, value) for name, value in order if value is not None]
        for (_earlier, first), (name, second) in zip(known, known[1:], strict=False):
            if second < first:
                raise ValidationError({name: _("The dates of the timeline must be in order.")})
        if bool(self.practice_opens_at) != bool(self.practice_closes_at):
            raise ValidationError(
                {"practice_closes_at": _("A practice window needs both its dates.")}
            )
        if self.grade != Grade.GRADE_10 and self.max_choices != 1:
            raise ValidationError({"max_choices": _("Grades 1 and 6 have one choice of school.")})
        if not 1 <= self.max_choices <= 12:
            raise ValidationError({"max_choices": _("Between 1 and 12 choices.")})
        try:
            self.reminder_day_list()
        except ValueError:
            raise ValidationError(
                {"reminder_days": _("Write whole numbers of days separated by commas.")}
            ) from None

    def get_description(self):
        return self.search_description or self.title

    # --- the round's timeline ------------------------------------------------------------

    def phase(self, now=None) -> Phase:
        now = now or timezone.now()
        if self.practice_opens_at and self.practice_opens_at <= now < self.practice_closes_at:
            return Phase.PRACTICE
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        if self.changes_close_at and now < self.changes_close_at:
            return Phase.CHANGES
        if now < self.results_at:
            return Phase.CLOSED
        if now < self.confirm_by:
            return Phase.RESULTS
        return Phase.FINISHED

    def reminder_day_list(self) -> list[int]:
        days = [int(part) for part in self.reminder_days.split(",") if part.strip()]
        if any(day < 0 for day in days):
            raise ValueError("negative")
        return sorted(set(days), reverse=True)

    @property
    def birth_year(self) -> int:
        """The year of birth of a child of the usual age for this round."""
        return self.school_year - USUAL_AGE[Grade(self.grade)]

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}–{self.school_year + 1}"

    @property
    def ranks_choices(self) -> bool:
        return self.grade == Grade.GRADE_10

    def school_level_code(self) -> str:
        """The school level that admits this grade (reference data codes)."""
        return {Grade.GRADE_1: "C1", Grade.GRADE_6: "C2", Grade.GRADE_10: "C3"}[Grade(self.grade)]

    # --- the case-definition protocol (applications.definitions.CaseDefinition) ---------

    journey_start_template = "admissions/journey_start_round.html"
    tracking_template = "admissions/tracking_registration.html"
    journey_step_notice_template = "admissions/journey_step_notice.html"
    journey_in_order = True
    fee_amount = 0

    @property
    def time_limit_days(self):
        return self.verification_days

    @property
    def accepts_applications(self):
        return self.live and self.phase() in (Phase.OPEN, Phase.PRACTICE)

    @property
    def case_reference(self):
        return f"TS{self.grade}-{self.school_year}"

    @property
    def handled_by(self):
        return str(_("The school chosen, under the Department of Education and Training"))

    @property
    def goes_to_school(self):
        return True

    def case_form_fields(self):
        return []  # the questions are typed: admissions.forms

    def journey_page_count(self):
        from admissions import forms

        return len(forms.pages_for(self))

    def journey_form(self, number, *, data=None, files=None, uploaded=(), earlier=None):
        from admissions import forms

        pages = forms.pages_for(self)
        if not 1 <= number <= len(pages):
            return None
        return pages[number - 1](
            data, files, round_page=self, earlier=earlier or {}, uploaded=uploaded
        )

    def journey_submit_form(self, data=None, files=None, *, initial, pages, request=None):
        from admissions import forms

        return forms.SubmitRegistrationForm(
            data, files, initial=initial, round_page=self, child=pages.get(1, {}), request=request
        )

    def journey_school(self, pages):
        from admissions import forms

        return forms.school_of(self, pages)

    def case_submitted(self, *, application, pages):
        from admissions import services

        services.registration_create(round_page=self, application=application, pages=pages)

    def case_status_changed(self, *, application, event):
        from admissions import services

        services.registration_close_on_status(application=application)

    def tracking_page(self):
        from applications.selectors import tracking_page_on_site_of

        return tracking_page_on_site_of(self)

    # --- the family's routes after submission (from the tracking page) ------------------

    @path("xac-nhan-nhap-hoc/", name="confirm")
    def confirm_enrolment(self, request):
        from admissions import views

        return views.confirm_enrolment(request, self)

    @path("doi-nguyen-vong/", name="change_choices")
    def change_choices(self, request):
        from admissions import views

        return views.change_choices(request, self)

    @path("nop-truc-tuyen/ma-dong-y/", name="assist_code")
    def assist_code(self, request):
        from admissions import assisted

        return assisted.send_code(request, self)

    @path("tu-du-lieu-nganh/", name="prefill")
    def prefill(self, request):
        from admissions import views

        return views.prefill(request, self)

    @path("yeu-cau-sua-thong-tin/", name="correction")
    def correction(self, request):
        from admissions import corrections

        return corrections.correction_view(request, self)

    @re_path(r"^ket-qua/(?P<school_code>[0-9A-Za-z-]{1,20})/$", name="admitted_list")
    def admitted_list(self, request, school_code):
        from admissions import views

        return views.admitted_list(request, self, school_code)

    @path("")
    def record(self, request):
        from admissions import views

        return views.round_page(request, self)

    @cached_property
    def priority_group_list(self):
        return list(self.priority_groups.all())


class PriorityGroup(Orderable):
    """A priority (ưu tiên) or incentive (khuyến khích) group of a round, with its points."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority")
        INCENTIVE = "incentive", _("Incentive")

    round = ParentalKey(
        AdmissionRoundPage, on_delete=models.CASCADE, related_name="priority_groups"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIORITY)
    name = models.CharField(_("name"), max_length=255)
    points_hundredths = models.PositiveIntegerField(
        _("points (hundredths)"),
        default=0,
        help_text=_("In hundredths of a point: 200 is +2, 150 is +1.5."),
    )
    evidence_required = models.BooleanField(_("evidence required"), default=True)
    needs_ethnicity = models.BooleanField(
        _("asks for the ethnicity"),
        default=False,
        help_text=_("Ethnicity is sensitive data: asked only for a group that needs it."),
    )
    allows_older = models.BooleanField(
        _("allows an older child"),
        default=False,
        help_text=_("For grade 1: a child of this group may be up to the allowed years older."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("points_hundredths")]),
        FieldPanel("name"),
        FieldRowPanel(
            [
                FieldPanel("evidence_required"),
                FieldPanel("needs_ethnicity"),
                FieldPanel("allows_older"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")

    def __str__(self):
        return self.name

    @property
    def points_display(self) -> str:
        points = self.points_hundredths / 100
        return f"+{points:g}".replace(".", ",")
