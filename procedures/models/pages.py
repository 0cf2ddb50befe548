"""The procedure catalogue: an index page and one page per administrative procedure."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from applications.fields import FieldType, FileKind
from applications.pages import CaseJourneyMixin, TrackingRoutesMixin
from portal.models.base import PortalPage
from portal.text import slugify_vi
from search.protocol import search_fields_text


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partial online")


class Handling(models.TextChoices):
    HERE = "here", _("Online on this portal")
    ELSEWHERE = "elsewhere", _("On the national public service portal")


class Recipient(models.TextChoices):
    """Who receives and processes the applications of a procedure handled here."""

    DEPARTMENT = "department", _("The handling body (officers of the procedure's field)")
    CHOSEN_SCHOOL = "chosen_school", _("A school the applicant chooses")


class ProcedureIndexPage(TrackingRoutesMixin, PortalPage):
    """The catalogue of procedures (thủ tục hành chính), with filters; it hosts the engine's
    tracking form (applications.pages.TrackingRoutesMixin)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["procedures.ProcedurePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("procedure catalogue")
        verbose_name_plural = _("procedure catalogues")

    def get_description(self):
        return self.search_description or self.intro

    @path("")
    def catalogue(self, request):
        from procedures import views as public

        return public.catalogue(request, self)


class ProcedurePage(CaseJourneyMixin, PortalPage):
    """One procedure's full public record (Circular 32/2017) and, when it is handled here,
    its online form."""

    code = models.CharField(
        _("procedure code"),
        max_length=30,
        help_text=_("The code of the procedure in the national database, e.g. 1.005092."),
    )
    procedure_field = models.ForeignKey(
        "procedures.ProcedureField",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    handling_body = models.ForeignKey(
        "procedures.HandlingBody",
        verbose_name=_("handling body"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL
    )
    handling = models.CharField(
        _("where it is submitted online"),
        max_length=10,
        choices=Handling.choices,
        default=Handling.ELSEWHERE,
    )
    external_url = models.URLField(
        _("address on the national portal"),
        blank=True,
        help_text=_("Leave empty to link to the national portal by the procedure code."),
    )
    recipient = models.CharField(
        _("applications go to"),
        max_length=20,
        choices=Recipient.choices,
        default=Recipient.DEPARTMENT,
        help_text=_(
            "For procedures handled by schools (school transfer, copies of diplomas kept by the "
            "school): the applicant chooses the school, whose staff then process the application."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    steps = RichTextField(_("steps"), blank=True)
    method = RichTextField(_("method of submission"), blank=True)
    dossier = RichTextField(_("dossier components"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        default=0,
        help_text=_("0 means the same day. Deadlines skip weekends and public holidays."),
    )
    time_limit_text = models.CharField(_("time limit as published"), max_length=255, blank=True)
    applicants = RichTextField(_("who may apply"), blank=True)
    result = models.TextField(_("result of the procedure"), blank=True)
    forms_to_download = RichTextField(
        _("forms to download"), blank=True, features=["link", "document-link", "ul"]
    )
    fee = models.CharField(_("fee"), max_length=255, blank=True)
    fee_amount = models.PositiveBigIntegerField(
        _("fee paid online (VND)"),
        default=0,
        help_text=_(
            "0: no online payment. Otherwise an application waits for this payment (VNPay) "
            "before it is handled; the fee text above stays the public description."
        ),
    )
    delivery = models.TextField(_("how the result is delivered"), blank=True)
    legal_basis = RichTextField(_("legal basis"), blank=True)
    # The online form (only when handled here).
    before_you_start = RichTextField(
        _("what you need before you start"),
        blank=True,
        help_text=_("Shown on the start page of the online application."),
    )
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_("What the applicant agrees to about their personal data."),
    )
    consent_version = models.CharField(_("consent version"), max_length=20, default="1")
    retention_days = models.PositiveIntegerField(
        _("retention of personal data (days)"),
        default=5 * 365,
        help_text=_("After the result is issued, personal data is kept this many days."),
    )

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldRowPanel([FieldPanel("procedure_field"), FieldPanel("handling_body")]),
                FieldRowPanel([FieldPanel("online_level"), FieldPanel("handling")]),
                FieldPanel("external_url"),
                FieldPanel("recipient"),
                FieldPanel("summary"),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("steps"),
                FieldPanel("method"),
                FieldPanel("dossier"),
                FieldRowPanel([FieldPanel("time_limit_days"), FieldPanel("time_limit_text")]),
                FieldPanel("applicants"),
                FieldPanel("result"),
                FieldPanel("forms_to_download"),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_amount")]),
                FieldPanel("delivery"),
                FieldPanel("legal_basis"),
            ],
            heading=_("Public record"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("before_you_start"),
                FieldRowPanel([FieldPanel("consent_version"), FieldPanel("retention_days")]),
                FieldPanel("consent_text"),
                InlinePanel("form_fields", label=_("Form fields")),
            ],
            heading=_("Online form (when handled on this portal)"),
        ),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.FilterField("handling"),
    ]

    # Applications are private records: only the published description is indexed.
    search_content_label = _("Administrative procedure")

    def get_search_text(self):
        terms = [self.procedure_field, self.handling_body]
        names = [term.name for term in terms if term is not None]
        return " ".join([*names, search_fields_text(self), self.result])

    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def clean(self):
        super().clean()
        if self.handling == Handling.HERE and not self.consent_text.strip():
            raise ValidationError(
                {"consent_text": _("A procedure handled here needs a consent text.")}
            )
        if self.goes_to_school and self.handling != Handling.HERE:
            raise ValidationError(
                {"recipient": _("Only a procedure handled on this portal can go to a school.")}
            )

    def get_description(self):
        return self.search_description or self.summary

    @property
    def handled_here(self):
        return self.handling == Handling.HERE

    @property
    def goes_to_school(self):
        return self.recipient == Recipient.CHOSEN_SCHOOL

    @property
    def national_portal_url(self):
        return self.external_url or settings.NATIONAL_PORTAL_PROCEDURE_URL.format(code=self.code)

    # The applicant's journey is mounted by CaseJourneyMixin (applications/pages.py).

    @path("")
    def record(self, request):
        return self.render(request)

    # --- the case-definition protocol (applications.definitions.CaseDefinition) ---------

    journey_start_template = "procedures/journey_start_record.html"

    @property
    def accepts_applications(self):
        return self.handled_here

    @property
    def case_reference(self):
        return self.code

    @property
    def handled_by(self):
        return self.handling_body.name

    def case_form_fields(self):
        return list(self.form_fields.all())

    def tracking_page(self):
        return self.get_parent().specific


class ProcedureFormField(Orderable):
    """One field of a procedure's online form, defined by an administrator without code."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="form_fields")
    step = models.PositiveSmallIntegerField(
        _("form page"), default=1, help_text=_("Fields with the same number share a page.")
    )
    label = models.CharField(_("label"), max_length=255)
    name = models.SlugField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Filled in from the label. Do not change once applications exist."),
    )
    field_type = models.CharField(_("type"), max_length=20, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    file_kinds = models.CharField(
        _("allowed file types"),
        max_length=50,
        default="pdf,jpeg,png",
        blank=True,
        help_text=_("For file uploads, separated by commas: pdf, jpeg, png, docx."),
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"), default=5, help_text=_("For file uploads.")
    )

    panels = [
        FieldRowPanel([FieldPanel("step"), FieldPanel("field_type"), FieldPanel("required")]),
        FieldPanel("label"),
        FieldPanel("name"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldRowPanel([FieldPanel("file_kinds"), FieldPanel("max_size_mb")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def clean(self):
        super().clean()
        self.name = self.name or slugify_vi(self.label).replace("-", "_")[:60]
        if self.field_type == FieldType.CHOICE and not self.choice_list():
            raise ValidationError({"choices": _("A choice field needs at least one choice.")})
        if self.field_type == FieldType.FILE:
            kinds = self.kind_list()
            if not kinds or not set(kinds) <= set(FileKind.values):
                raise ValidationError(
                    {"file_kinds": _("Choose file types among pdf, jpeg, png, docx.")}
                )

    def save(self, *args, **kwargs):
        self.name = self.name or slugify_vi(self.label).replace("-", "_")[:60]
        super().save(*args, **kwargs)

    def kind_list(self):
        return [kind.strip().lower() for kind in self.file_kinds.split(",") if kind.strip()]

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
