from django import forms
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.blocks import body_blocks
from portal.listing import paginate_or_404
from portal.models.base import PortalPage, content_version
from portal.text import slugify_vi

NEWS_PER_PAGE = 10


@register_snippet
class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class NewsTag(TagBase):
    """A news tag whose slug is ASCII: "tuyển sinh" → "tuyen-sinh"."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag)
        return f"{slug}-{i}" if i is not None else slug


class NewsArticleTag(ItemBase):
    tag = models.ForeignKey(NewsTag, on_delete=models.CASCADE, related_name="tagged_items")
    content_object = ParentalKey(
        "portal.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def article_listing(queryset):
    """Articles ready to list: one query each for pages, images, renditions, categories.

    The queryset is of NewsArticlePage already: no ``.specific()`` (which reads the page ids
    first, then the pages by type). Renditions through Wagtail's ``prefetch_renditions``.
    """
    images = get_image_model().objects.prefetch_renditions()
    return (
        queryset.live()
        .public()
        .prefetch_related(Prefetch("main_image", queryset=images), "categories")
        .order_by("-date", "-pk")
    )


class NewsIndexPage(RoutablePageMixin, PortalPage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage", "school_sites.SchoolHomePage"]
    subpage_types = ["portal.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def articles(self):
        return article_listing(NewsArticlePage.objects.child_of(self))

    def paginate(self, request, articles):
        return paginate_or_404(articles, per_page=NEWS_PER_PAGE, request=request)

    def render_listing(self, request, articles, **extra):
        context = {
            # A page of the list: its count is read here (a page number beyond it is a 404),
            # its cards only when the template's fragment is not cached.
            "articles": self.paginate(request, articles),
            "categories": NewsCategory.objects.all(),
            # The key of the cached cards (portal/sitecache.py); None in a preview.
            "listing_version": content_version(request),
            **extra,
        }
        return self.render(request, context_overrides=context)

    @path("")
    def index(self, request):
        return self.render_listing(request, self.articles())

    @path("chuyen-muc/<slug:slug>/", name="category")
    def category(self, request, slug):
        category = get_object_or_404(NewsCategory, slug=slug)
        return self.render_listing(
            request, self.articles().filter(categories=category), current_category=category
        )

    @path("the/<slug:slug>/", name="tag")
    def tag(self, request, slug):
        tag = get_object_or_404(NewsTag, slug=slug)
        return self.render_listing(request, self.articles().filter(tags=tag), current_tag=tag)

    @path("rss/", name="feed")
    def feed(self, request):
        from portal.feeds import NewsFeed

        return NewsFeed(self)(request)


class DepartmentOnlyPanel(MultiFieldPanel):
    """A panel shown only on the department's own pages, not on a school's: pushing news to
    the schools is the department's (school articles are never pushed)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            from sites.selectors import school_for_page

            page = self.instance
            if page is None or not page.pk:
                page = getattr(self.form, "parent_page", None)
            if page is not None and page.pk and school_for_page(page) is not None:
                return False
            return super().is_shown()


class NewsArticlePage(PortalPage):
    date = models.DateTimeField(_("date"), default=timezone.now)
    intro = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists."))
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), verbose_name=_("body"))
    categories = ParentalManyToManyField(
        "portal.NewsCategory", verbose_name=_("categories"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=NewsArticleTag, verbose_name=_("tags"), blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown as lead news on the home page.")
    )
    announcement = models.BooleanField(
        _("announcement"),
        default=False,
        help_text=_("Listed under announcements on the home page."),
    )
    push_to_schools = models.BooleanField(
        _("push to schools"),
        default=False,
        help_text=_("Show this department article on the home page of every school site."),
    )
    push_levels = ParentalManyToManyField(
        "school_sites.SchoolLevel",
        verbose_name=_("only schools of these levels"),
        blank=True,
        related_name="+",
    )
    push_units = ParentalManyToManyField(
        "school_sites.AdministrativeUnit",
        verbose_name=_("only schools in these administrative units"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("main_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("featured"),
                FieldPanel("announcement"),
            ],
            heading=_("Classification"),
        ),
        DepartmentOnlyPanel(
            [
                FieldPanel("push_to_schools"),
                FieldPanel("push_levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("push_units"),
            ],
            heading=_("Push to school sites"),
        ),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    og_type = "article"

    def get_social_image(self):
        return self.social_image or self.main_image

    def get_description(self):
        return self.search_description or self.intro
