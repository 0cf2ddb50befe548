"""Reference data of the procedure catalogue: fields (lĩnh vực) and handling bodies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class ProcedureField(models.Model):
    """A field of procedures (lĩnh vực), e.g. "Văn bằng, chứng chỉ". Officers of the groups
    named here process the applications of the field's procedures."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=False)
    officer_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("processing groups"),
        blank=True,
        related_name="procedure_fields",
        help_text=_("Members of these groups process the online applications of this field."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("officer_groups")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")

    def __str__(self):
        return self.name


class HandlingBody(models.Model):
    """The body that handles a procedure (cơ quan thực hiện), e.g. "Sở Giáo dục và Đào tạo"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("handling body")
        verbose_name_plural = _("handling bodies")

    def __str__(self):
        return self.name
