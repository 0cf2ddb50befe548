"""The organisation chart and the staff directory of the department and of each school.

Two page types on one base: the chart ("Cơ cấu tổ chức": units, their duties and leaders) and
the directory ("Danh bạ": everyone with position, phone and official e-mail) are two of the
sections Circular 37/2020 requires, provisioned as two pages, so the fleet dashboard can tell
which one a school has left empty. Both hold the same kind of data (units in chart order →
sub-units → people), edited as a form, and render it as nested lists/tables, never an image.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from organisation.blocks import organisation_blocks
from portal.models.base import PortalPage


class UnitsPage(PortalPage):
    intro = models.TextField(_("introduction"), blank=True)
    units = StreamField(
        organisation_blocks(),
        verbose_name=_("units"),
        blank=True,
        help_text=_("In the order of the organisation chart."),
    )

    content_panels = [*PortalPage.content_panels, FieldPanel("intro"), FieldPanel("units")]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("units"),
    ]

    parent_page_types = ["portal.HomePage", "school_sites.SchoolHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    # sites.fleet: the section is empty while this StreamField is.
    section_content_field = "units"

    class Meta:
        abstract = True

    def get_description(self):
        return self.search_description or self.intro


class OrganisationPage(UnitsPage):
    class Meta:
        verbose_name = _("organisation chart")
        verbose_name_plural = _("organisation charts")


class StaffDirectoryPage(UnitsPage):
    class Meta:
        verbose_name = _("staff directory")
        verbose_name_plural = _("staff directories")
