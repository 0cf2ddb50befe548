from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal.blocks import body_blocks
from portal.listing import paginate_or_404
from portal.models.base import PortalPage
from sites.sections import SECTION_KIND_CHOICES

SCHOOLS_PER_PAGE = 20
SCHOOL_NEWS_PER_PAGE = 12
PUSHED_ARTICLES_ON_SCHOOL_HOME = 5


def paginate(request, items, per_page):
    """One page of ``items`` from ``?page=N``; a page that does not exist is a 404."""
    return paginate_or_404(items, per_page=per_page, request=request)


class SchoolIndexPage(RoutablePageMixin, PortalPage):
    """The portal's school directory ("Trường học"); every school's home page lives under it.

    Routes: the directory itself (filters and a name search that ignores diacritics) and
    ``tin-tuc/``, the news of every school rolled up on the portal.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["school_sites.SchoolHomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("school directory")
        verbose_name_plural = _("school directories")

    @path("")
    def index(self, request):
        from sites.filters import SchoolDirectoryForm
        from sites.selectors import school_directory_list

        form = SchoolDirectoryForm(request.GET)
        if not form.is_valid():
            return self._render_bad_filters(request, form, "schools")
        schools = paginate(request, school_directory_list(**form.filters()), SCHOOLS_PER_PAGE)
        return self.render(
            request,
            context_overrides={"form": form, "schools": schools, "filtered": _filtered(form)},
        )

    @path("tin-tuc/", name="news")
    def news(self, request):
        from sites.filters import SchoolNewsForm
        from sites.selectors import attach_schools, school_news_list

        form = SchoolNewsForm(request.GET)
        if not form.is_valid():
            return self._render_bad_filters(request, form, "articles", news=True)
        articles = paginate(
            request, school_news_list(directory=self, **form.filters()), SCHOOL_NEWS_PER_PAGE
        )
        articles.object_list = attach_schools(articles=articles.object_list)
        return self.render(
            request,
            template="school_sites/school_news_page.html",
            context_overrides={"form": form, "articles": articles, "filtered": _filtered(form)},
        )

    def _render_bad_filters(self, request, form, listing, news=False):
        """The page with the form's errors and no results, as a 400."""
        template = "school_sites/school_news_page.html" if news else None
        response = self.render(
            request,
            template=template,
            context_overrides={"form": form, listing: None, "bad_filters": True},
        )
        response.status_code = 400
        return response


def _filtered(form):
    return any(value for value in form.cleaned_data.values())


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
        "calendars.CalendarIndexPage",
        "legaldocs.DocumentLibraryPage",
        "organisation.OrganisationPage",
        "organisation.StaffDirectoryPage",
        "questions.QuestionsPage",
        "disclosures.DisclosureIndexPage",
    ]

    class Meta:
        verbose_name = _("school home page")
        verbose_name_plural = _("school home pages")

    def get_context(self, request, *args, **kwargs):
        from portal.models.news import NewsArticlePage, article_listing
        from sites.selectors import (
            pushed_articles_for_school,
            school_contact,
            school_home_for_page,
        )

        context = super().get_context(request, *args, **kwargs)
        school = school_home_for_page(self)
        context["school"] = school
        context["latest_articles"] = list(
            article_listing(NewsArticlePage.objects.descendant_of(self))[:6]
        )
        context["pushed_articles"] = pushed_articles_for_school(
            school=school, limit=PUSHED_ARTICLES_ON_SCHOOL_HOME
        )
        context["contact"] = school_contact(school=school)
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
