from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.blocks import body_blocks
from portal.listing import paginate_or_404
from portal.models.base import PortalPage
from portal.submissions.models import ModeratedSubmission, SubmissionStatus
from portal.text import fold_vi, slugify_vi

QUESTIONS_PER_PAGE = 10


class QuestionsPage(RoutablePageMixin, PortalPage):
    """A site's questions and answers (hỏi đáp): the public form and the published answers.

    One per site (department or school). Questions are records (`Question`), not pages:
    they hold the asker's contact details, which are never published.
    """

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        body_blocks(),
        verbose_name=_("guidance"),
        blank=True,
        help_text=_("Shown above the list: what to ask here, how soon staff answer."),
    )
    thank_you_text = models.TextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown after a question is sent. Leave empty for the standard text."),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("topics", label=_("Topics"), heading=_("Topics")),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage", "school_sites.SchoolHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    # The fleet dashboard counts a school's Q&A section empty while this field is.
    section_content_field = "body"

    class Meta:
        verbose_name = _("questions and answers page")
        verbose_name_plural = _("questions and answers pages")

    # -- public views ------------------------------------------------------------------------

    def paginate(self, request, items):
        return paginate_or_404(items, per_page=QUESTIONS_PER_PAGE, request=request)

    @path("")
    def index(self, request, topic=None):
        from questions.selectors import published_questions

        query = " ".join(request.GET.get("q", "").split())[:200]
        questions = published_questions(page=self, topic=topic, query=query)
        return self.render(
            request,
            context_overrides={
                "questions": self.paginate(request, questions),
                "topics": self.topics.all(),
                "current_topic": topic,
                "query": query,
            },
        )

    @path("chu-de/<slug:slug>/", name="topic")
    def topic(self, request, slug):
        topic = self.topics.filter(slug=slug).first()
        if topic is None:
            raise Http404(_("This topic does not exist."))
        return self.index(request, topic=topic)

    @path("<int:pk>/", name="question")
    def question(self, request, pk):
        from questions.selectors import published_question

        question = published_question(page=self, pk=pk)
        return self.render(
            request,
            template="questions/question_detail.html",
            context_overrides={"question": question},
        )

    @path("gui-cau-hoi/", name="ask")
    def ask(self, request):
        from questions.forms import QuestionForm
        from questions.services import question_submit

        if request.method == "POST":
            form = QuestionForm(request.POST, page=self, request=request)
            if form.is_valid():
                question_submit(page=self, **form.cleaned_data)
                return redirect(self.get_url(request) + self.reverse_subpage("thanks"))
        else:
            form = QuestionForm(page=self)
        response = self.render(
            request, template="questions/question_form.html", context_overrides={"form": form}
        )
        if request.method == "POST":
            response.status_code = form.error_status()
        return response

    @path("da-gui/", name="thanks")
    def thanks(self, request):
        return self.render(request, template="questions/question_thanks.html")

    def get_search_records(self):
        """Published questions are found by the site's search, each at its own URL."""
        published = self.questions.published().select_related("topic").order_by("pk")
        return [question.search_record() for question in published]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base or not self.live:
            return urls
        published = self.questions.published().only("pk", "updated_at").order_by("pk")
        urls.extend(
            {"location": f"{base}{question.pk}/", "lastmod": question.updated_at}
            for question in published
        )
        return urls


class QuestionTopic(Orderable):
    """A topic the site's staff offer in the form and list answers by."""

    page = ParentalKey(QuestionsPage, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, blank=True, help_text=_("Filled in from the name if empty.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["page", "slug"], name="questions_topic_unique_slug")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)[:100]
        super().save(*args, **kwargs)


class Question(index.Indexed, ModeratedSubmission):
    """A question from the public; published with its answer, never with who asked it."""

    page = models.ForeignKey(
        QuestionsPage,
        verbose_name=_("questions page"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    topic = models.ForeignKey(
        QuestionTopic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    question = models.TextField(_("question"))
    answer = models.TextField(
        _("answer"), blank=True, help_text=_("Published with the question; plain text.")
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    notified_at = models.DateTimeField(_("asker notified"), null=True, blank=True)

    # Public fields only: never the name, e-mail or phone.
    search_fields = [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.SearchField("folded_text"),
        index.RelatedFields("topic", [index.SearchField("name")]),
        index.FilterField("page"),
        index.FilterField("status"),
    ]

    class Meta(ModeratedSubmission.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(status=SubmissionStatus.PUBLISHED)

    def folded_text(self):
        """The public text without diacritics, so "tuyen sinh" finds "tuyển sinh"."""
        topic = self.topic.name if self.topic_id else ""
        return fold_vi(f"{topic} {self.question} {self.answer}")

    def publish_problem(self):
        if not self.answer.strip():
            return _("Write the answer before publishing the question.")
        return None

    @property
    def search_key(self):
        return f"questions.question:{self.pk}"

    def search_record(self):
        """What the public search may know: topic, question and answer; never who asked."""
        from search.protocol import SearchRecord

        topic = self.topic.name if self.topic_id else ""
        return SearchRecord(
            key=self.search_key,
            title=Truncator(" ".join(self.question.split())).chars(200),
            text=f"{topic} {self.question} {self.answer}",
            subpath=self.page.reverse_subpage("question", args=(self.pk,)),
            content_label=_("Questions and answers"),
            date=self.published_at,
        )

    def get_url(self, request=None):
        return self.page.get_url(request) + self.page.reverse_subpage("question", args=(self.pk,))
