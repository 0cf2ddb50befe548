"""The classifications of legal documents, kept as data the department's staff edit
(snippets), never as hard-coded choices: document types, issuing bodies and fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Term(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the library's filter links: lower-case ASCII, e.g. quyet-dinh."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DocumentType(Term):
    class Meta(Term.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class IssuingBody(Term):
    class Meta(Term.Meta):
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")


class DocumentArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")
