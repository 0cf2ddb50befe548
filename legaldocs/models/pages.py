from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

from legaldocs.status import document_status
from portal.listing import paginate_or_404
from portal.models.base import PortalPage
from search.protocol import search_fields_text

DOCUMENTS_PER_PAGE = 20


class DocumentLibraryPage(RoutablePageMixin, PortalPage):
    """A site's library of legal documents (văn bản): filters, text search, one per site."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage", "school_sites.SchoolHomePage"]
    subpage_types = ["legaldocs.LegalDocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def get_description(self):
        return self.search_description or self.intro

    @path("")
    def index(self, request):
        from legaldocs.filters import LibraryFilterForm
        from legaldocs.selectors import library_documents

        form = LibraryFilterForm(request.GET, library=self)
        if not form.is_valid():
            response = self.render(
                request, context_overrides={"form": form, "documents": None, "bad_filters": True}
            )
            response.status_code = 400
            return response
        documents = library_documents(library=self, **form.filters())
        page = paginate_or_404(documents, per_page=DOCUMENTS_PER_PAGE, request=request)
        return self.render(
            request,
            context_overrides={
                "form": form,
                "documents": page,
                "filtered": any(form.cleaned_data.values()),
            },
        )


class LegalDocumentPage(PortalPage):
    """One legal document: its record, its files and the documents it relates to."""

    number = models.CharField(
        _("number/symbol"), max_length=100, help_text=_("For example 125/QĐ-SGDĐT.")
    )
    document_type = models.ForeignKey(
        "legaldocs.DocumentType",
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer = models.ForeignKey(
        "legaldocs.IssuingBody",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    area = models.ForeignKey(
        "legaldocs.DocumentArea",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    signer = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("Name and position, e.g. Nguyễn Văn A – Giám đốc."),
    )
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, help_text=_("Empty: in force when issued.")
    )
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("The first day on which the document no longer applies."),
    )
    replaced_by = models.ForeignKey(
        "legaldocs.LegalDocumentPage",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("The document that replaces this one, once it is published."),
    )
    summary = models.TextField(_("summary"), blank=True)

    content_panels = [
        FieldPanel("title", help_text=_("The document's subject (trích yếu).")),
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("document_type", widget=forms.Select),
                FieldPanel("issuer", widget=forms.Select),
                FieldPanel("area", widget=forms.Select),
                FieldPanel("signer"),
            ],
            heading=_("Record"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issue_date"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
                FieldPanel("replaced_by"),
            ],
            heading=_("Dates and effect"),
        ),
        FieldPanel("summary"),
        InlinePanel("attachments", heading=_("Files"), label=_("file"), min_num=1),
        InlinePanel("related_links", heading=_("Related documents"), label=_("related document")),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.SearchField("summary"),
        index.SearchField("signer"),
        index.FilterField("issue_date"),
    ]

    search_content_label = _("Legal documents")

    def get_search_date(self):
        return self.issue_date

    def get_search_text(self):
        """Its number/symbol, type, issuer and field as well as the summary, so that
        "125/QĐ-SGDĐT" or "quyet dinh so giao duc" finds it."""
        terms = [self.document_type, self.issuer, self.area]
        names = [term.name for term in terms if term is not None]
        return " ".join([self.number, *names, search_fields_text(self)])

    parent_page_types = ["legaldocs.DocumentLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def clean(self):
        super().clean()
        if self.replaced_by_id is None:
            return
        if self.pk and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A document cannot replace itself.")})
        if self.pk and self.replaced_by.replaced_by_id == self.pk:
            raise ValidationError(
                {"replaced_by": _("That document is itself replaced by this one.")}
            )
        if self.expiry_date and self.effective_date and self.expiry_date <= self.effective_date:
            raise ValidationError(
                {"expiry_date": _("The expiry date must follow the effective date.")}
            )

    @property
    def is_replaced(self):
        return self.replaced_by_id is not None and self.replaced_by.live

    def status_on(self, day):
        return document_status(
            effective_date=self.effective_date,
            expiry_date=self.expiry_date,
            replaced=self.is_replaced,
            on=day,
        )

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    def replacing_documents(self):
        """The published documents this one replaces (the other end of `replaced_by`)."""
        return (
            LegalDocumentPage.objects.live()
            .public()
            .filter(replaced_by=self)
            .order_by("-issue_date")
        )

    def related_documents(self):
        """Published documents linked either way: from this page or to it."""
        return (
            LegalDocumentPage.objects.live()
            .public()
            .filter(Q(related_from__page=self) | Q(related_links__target=self))
            .exclude(pk=self.pk)
            .distinct()
            .order_by("-issue_date")
        )

    def get_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        context["replaces"] = self.replacing_documents()
        context["related"] = self.related_documents()
        return context


class LegalDocumentAttachment(Orderable):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Defaults to the file's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def title(self):
        return self.label or self.document.title


class LegalDocumentRelation(Orderable):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        LegalDocumentPage,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="related_from",
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")
