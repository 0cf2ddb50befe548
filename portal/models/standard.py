from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.blocks import body_blocks
from portal.models.base import PortalPage


class StandardPage(PortalPage):
    """A plain page: introduction, organisation, functions and duties, …"""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("body"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = [
        "portal.HomePage",
        "portal.StandardPage",
        "school_sites.SchoolHomePage",
        "school_sites.SchoolSectionPage",
    ]
    subpage_types = ["portal.StandardPage", "portal.ContactPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_description(self):
        return self.search_description or self.intro
