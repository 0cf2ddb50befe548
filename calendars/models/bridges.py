from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class BridgePointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class BridgePoint(index.Indexed, models.Model):
    """A room of the online meeting system (điểm cầu): the department's main bridge or a
    school's. Data the department manages as a snippet (calendars/wagtail_hooks.py)."""

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("A short unique code, e.g. thpt-ba-to.")
    )
    is_main = models.BooleanField(
        _("main bridge"), default=False, help_text=_("The department's main meeting room.")
    )
    school = models.ForeignKey(
        "school_sites.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bridge_points",
        help_text=_("The school whose room this is, if it has a site in the portal."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = BridgePointQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("is_main"),
        FieldPanel("school"),
        FieldPanel("location"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-is_main", "sort_order", "name"]
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")

    def __str__(self):
        return self.name
