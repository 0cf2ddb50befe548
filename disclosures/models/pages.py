from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from disclosures.blocks import figure_blocks, file_blocks
from disclosures.schedule import school_year_of, validate_school_year
from portal.blocks import body_blocks
from portal.models.base import PortalPage
from search.protocol import search_fields_text

YEAR_PARAMETER = "nam-hoc"


def _current_school_year():
    return school_year_of(timezone.localdate())


class DisclosureIndexPage(PortalPage):
    """A school's public disclosures ("Công khai"): its disclosures grouped by school year
    and category, newest year first; ``?nam-hoc=2025-2026`` shows one year."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["school_sites.SchoolHomePage"]
    subpage_types = ["disclosures.DisclosurePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public disclosures index")
        verbose_name_plural = _("public disclosures indexes")

    def serve(self, request, *args, **kwargs):
        from disclosures.selectors import disclosure_listing, disclosure_years

        year = request.GET.get(YEAR_PARAMETER, "").strip()
        error = None
        if year:
            try:
                validate_school_year(year)
            except ValidationError as invalid:
                error = invalid.messages[0]
        listing = disclosure_listing(index=self, school_year=None if error else (year or None))
        context = self.get_context(request, *args, **kwargs)
        context.update(
            listing=listing,
            year_error=error,
            selected_year=year,
            year_parameter=YEAR_PARAMETER,
            years=disclosure_years(index=self),
        )
        return TemplateResponse(
            request, self.get_template(request), context, status=400 if error else 200
        )

    def get_description(self):
        return self.search_description or self.intro


class DisclosurePage(PortalPage):
    """One disclosure of a school: a category of Circular 09/2024 for one school year, with
    its files, its figures and any text."""

    category = models.ForeignKey(
        "disclosures.DisclosureCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    school_year = models.CharField(
        _("school year"),
        max_length=9,
        default=_current_school_year,
        validators=[validate_school_year],
        help_text=_("For example 2025-2026."),
    )
    date = models.DateField(_("disclosure date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), blank=True)
    files = StreamField(file_blocks(), verbose_name=_("files"), blank=True)
    figures = StreamField(figure_blocks(), verbose_name=_("figures"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("details"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("school_year"), FieldPanel("date")],
            heading=_("Disclosure"),
        ),
        FieldPanel("intro"),
        FieldPanel("files"),
        FieldPanel("figures"),
        FieldPanel("body"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("school_year"),
        index.FilterField("date"),
    ]

    search_content_label = _("Public disclosures")

    def get_search_date(self):
        return self.date

    def get_search_text(self):
        category = self.category.name if self.category_id else ""
        return " ".join([category, self.school_year or "", search_fields_text(self)])

    parent_page_types = ["disclosures.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public disclosure")
        verbose_name_plural = _("public disclosures")
        indexes = [models.Index(fields=["school_year", "category"])]

    def clean(self):
        super().clean()
        if not (self.files or self.figures or self.body or (self.intro or "").strip()):
            raise ValidationError(
                _("A disclosure needs content: attach a file, enter figures or write details.")
            )

    def get_description(self):
        return self.search_description or self.intro
