from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicHoliday(models.Model):
    """A day off work for state bodies (Tết moves every year): edited by department admins.

    Weekends are never listed; a compensatory day off is listed as a holiday of its own.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"
