"""Reference data loaded by a command, never hard-coded choices: administrative units,
school levels and school types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    """Province → (district, in older data) → commune / ward / special zone."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    unit_type = models.CharField(
        _("type"), max_length=50, help_text=_("For example: Tỉnh, Xã, Phường, Đặc khu, Huyện.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return f"{self.unit_type} {self.name}".strip()


class SchoolLevel(models.Model):
    """C0 preschool, C1 primary, C2 lower secondary, C3 upper secondary, continuing, …"""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("school level")
        verbose_name_plural = _("school levels")

    def __str__(self):
        return self.name


class SchoolType(models.Model):
    """Public, private, …"""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school type")
        verbose_name_plural = _("school types")

    def __str__(self):
        return self.name
