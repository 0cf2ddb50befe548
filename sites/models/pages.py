from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from portal.blocks import body_blocks
from portal.models.base import PortalPage
from sites.sections import SECTION_KIND_CHOICES


class SchoolIndexPage(PortalPage):
    """The portal's school directory ("Trường học"); every school's home page lives under it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["school_sites.SchoolHomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("school directory")
        verbose_name_plural = _("school directories")

    def get_context(self, request, *args, **kwargs):
        from sites.models.school import School

        context = super().get_context(request, *args, **kwargs)
        context["schools"] = (
            School.objects.active()
            .filter(home_page__live=True)
            .select_related("administrative_unit", "site", "home_page")
        )
        return context


class SchoolHomePage(PortalPage):
    """A school's home page: the root of its own Wagtail Site."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["school_sites.SchoolIndexPage"]
    subpage_types = [
        "school_sites.SchoolSectionPage",
        "portal.NewsIndexPage",
        "portal.ContactPage",
        "portal.StandardPage",
    ]

    class Meta:
        verbose_name = _("school home page")
        verbose_name_plural = _("school home pages")

    def get_context(self, request, *args, **kwargs):
        from portal.models.news import NewsArticlePage, article_listing

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = list(
            article_listing(NewsArticlePage.objects.descendant_of(self))[:6]
        )
        context["sections"] = self.get_children().live().public().only("title", "url_path")
        return context


class SchoolSectionPage(PortalPage):
    """One of the sections a school site must have (introduction, disclosures, …)."""

    kind = models.CharField(_("section"), max_length=30, choices=SECTION_KIND_CHOICES)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("body"), blank=True)

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["school_sites.SchoolHomePage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("school section")
        verbose_name_plural = _("school sections")

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is None:
            return
        siblings = SchoolSectionPage.objects.child_of(parent).filter(kind=self.kind)
        if siblings.exclude(pk=self.pk).exists():
            raise ValidationError({"kind": _("This school already has this section.")})

    def get_description(self):
        return self.search_description or self.intro
