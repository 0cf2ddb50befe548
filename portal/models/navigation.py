from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import RichTextField, StreamField

from portal.blocks import navigation_blocks
from portal.chrome import CachedSiteSetting, NavigationSnapshot, resolved_links


@register_setting(icon="list-ul")
class NavigationSettings(CachedSiteSetting):
    """Header and footer menus, managed per site (public pages read them from the cache,
    their links resolved: portal/chrome.py)."""

    header_links = StreamField(navigation_blocks(), verbose_name=_("header menu"), blank=True)
    footer_links = StreamField(navigation_blocks(), verbose_name=_("footer links"), blank=True)

    panels = [FieldPanel("header_links"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = _("navigation")
        verbose_name_plural = _("navigation")

    def snapshot(self, request):
        return NavigationSnapshot(
            site_id=self.site_id,
            header_links=resolved_links(self.header_links, request),
            footer_links=resolved_links(self.footer_links, request),
        )


@register_setting(icon="home")
class OrganisationSettings(CachedSiteSetting):
    """Who runs the site: shown in the header, footer and contact page."""

    name = models.CharField(_("organisation name"), max_length=255, blank=True)
    governing_body = models.CharField(
        _("governing body"), max_length=255, blank=True, help_text=_("For example: UBND tỉnh …")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    zalo_url = models.URLField(_("Zalo official account"), blank=True)
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Licence number, person responsible for content, …"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("governing_body")], heading=_("Organisation")
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("zalo_url")],
            heading=_("Social networks"),
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
