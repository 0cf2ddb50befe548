from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import StreamBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portal.blocks import DocumentLinkBlock, body_blocks
from portal.listing import paginate_or_404
from portal.models.base import PortalPage
from portal.submissions.models import ModeratedSubmission

CONSULTATIONS_PER_PAGE = 10
CLOSED_MESSAGE = _(
    "This consultation closed on %(deadline)s. Comments are no longer accepted; "
    "the outcome will be published on this page."
)
NOT_OPEN_MESSAGE = _("This consultation opens on %(opens)s. Please come back then.")


class ConsultationIndexPage(RoutablePageMixin, PortalPage):
    """The department's consultations on drafts: open ones here, closed ones with outcomes."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*PortalPage.content_panels, FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultations index")
        verbose_name_plural = _("consultations indexes")

    def paginate(self, request, items):
        return paginate_or_404(items, per_page=CONSULTATIONS_PER_PAGE, request=request)

    @path("")
    def index(self, request):
        from consultations.selectors import open_consultations

        return self.render(
            request,
            context_overrides={
                "consultations": self.paginate(request, open_consultations(index=self)),
                "showing_closed": False,
            },
        )

    @path("da-ket-thuc/", name="closed")
    def closed(self, request):
        from consultations.selectors import closed_consultations

        return self.render(
            request,
            context_overrides={
                "consultations": self.paginate(request, closed_consultations(index=self)),
                "showing_closed": True,
            },
        )


class ConsultationPage(RoutablePageMixin, PortalPage):
    """A draft put out for public comment (lấy ý kiến dự thảo)."""

    summary = models.TextField(_("summary"), help_text=_("What the draft is about, in brief."))
    body = StreamField(body_blocks(), verbose_name=_("content of the draft"), blank=True)
    documents = StreamField(
        StreamBlock([("document", DocumentLinkBlock())], required=False),
        verbose_name=_("draft files"),
        blank=True,
    )
    opens_at = models.DateTimeField(_("open for comments from"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline for comments"))
    how_to_comment = RichTextField(
        _("how to comment"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Besides the form: postal address, e-mail, the unit that collects comments."),
    )
    show_comments = models.BooleanField(
        _("show published comments"),
        default=False,
        help_text=_("Published comments are shown without the sender's name or contact details."),
    )
    outcome = RichTextField(
        _("outcome"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("Shown once the consultation has closed: what was received and decided."),
    )

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]),
        FieldPanel("documents"),
        FieldPanel("body"),
        FieldPanel("how_to_comment"),
        MultiFieldPanel(
            [FieldPanel("show_comments"), FieldPanel("outcome")], heading=_("After comments")
        ),
    ]
    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("outcome"),
        index.FilterField("deadline"),
    ]

    # Comments (ModeratedSubmission records with the sender's details) are never indexed.
    search_content_label = _("Consultations on drafts")

    def get_search_date(self):
        return self.opens_at

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.deadline and self.opens_at and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": _("The deadline must be after the opening.")})

    def get_description(self):
        return self.search_description or self.summary

    # -- the consultation's state ------------------------------------------------------------

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.deadline

    def closed_problem(self, now=None):
        """None while comments are accepted, otherwise the message that says why not."""
        from django.utils.formats import date_format

        now = now or timezone.now()
        if self.is_closed(now):
            deadline = date_format(timezone.localtime(self.deadline), "DATETIME_FORMAT")
            return CLOSED_MESSAGE % {"deadline": deadline}
        if now < self.opens_at:
            opens = date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            return NOT_OPEN_MESSAGE % {"opens": opens}
        return None

    # -- public views ------------------------------------------------------------------------

    @path("")
    def consultation(self, request):
        from consultations.forms import CommentForm
        from consultations.selectors import published_comments
        from consultations.services import consultation_comment_submit

        problem = self.closed_problem()
        form = None
        status = 200
        if request.method == "POST":
            if problem:
                status = 403
            else:
                form = CommentForm(request.POST, request=request)
                if form.is_valid():
                    consultation_comment_submit(consultation=self, **form.cleaned_data)
                    return redirect(self.get_url(request) + self.reverse_subpage("thanks"))
                status = form.error_status()
        elif not problem:
            form = CommentForm()
        context = {
            "form": form,
            "closed_problem": problem,
            "refused": request.method == "POST" and problem is not None,
            "is_closed": self.is_closed(),
            "comments": published_comments(consultation=self) if self.show_comments else None,
        }
        response = self.render(request, context_overrides=context)
        response.status_code = status
        return response

    @path("da-gui/", name="thanks")
    def thanks(self, request):
        return self.render(request, template="consultations/comment_thanks.html")


class ConsultationComment(ModeratedSubmission):
    """A comment on a draft from the public; published (if the page shows them) without
    the sender's name or contact details."""

    page = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    organisation = models.CharField(
        _("organisation"), max_length=255, blank=True, help_text=_("If sent on its behalf.")
    )
    section = models.CharField(
        _("part of the draft"),
        max_length=255,
        blank=True,
        help_text=_("For example: Article 3, clause 2."),
    )
    comment = models.TextField(_("comment"))

    class Meta(ModeratedSubmission.Meta):
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
