from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.models import Site

from portal.chrome import CachedSiteSetting
from themes.contrast import normalise_hex, primary_colour_errors, validate_hex_colour
from themes.registry import DEFAULT_THEME, get_theme, theme_choices


@register_setting(icon="view")
class ThemeSettings(CachedSiteSetting):
    theme = models.CharField(
        _("theme"),
        max_length=50,
        choices=theme_choices,
        default=DEFAULT_THEME,
        help_text=_("Chosen from the centrally approved themes."),
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "A colour such as #0b4f8a. It must contrast at least 4.5:1 with white text and "
            "with the theme's background, or it is refused. Empty: the theme's own colour."
        ),
    )

    panels = [FieldPanel("theme"), FieldPanel("logo"), FieldPanel("primary_colour")]
    # The header renders the logo on every page: fetch it with the settings.
    select_related = ["logo"]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("theme")

    @classmethod
    def theme_for_request(cls, request):
        site = Site.find_for_request(request)
        if site is None:
            return get_theme(DEFAULT_THEME)
        return get_theme(cls.for_request(request).theme)

    def clean(self):
        super().clean()
        if not self.primary_colour:
            return
        try:
            self.primary_colour = normalise_hex(self.primary_colour)
        except ValueError:
            return  # the field's own validator reports it
        errors = primary_colour_errors(colour=self.primary_colour, theme=get_theme(self.theme))
        if errors:
            raise ValidationError({"primary_colour": errors})

    @property
    def stylesheet_version(self):
        """Changes whenever the per-site stylesheet's content would change."""
        return f"{self.pk}-{self.primary_colour.lstrip('#')}"
