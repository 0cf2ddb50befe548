from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from portal.submissions.admin import ModerationForm, SubmissionViewSet, register_submission_model
from questions.models import Question, QuestionTopic
from questions.services import question_moderate

register_submission_model(Question)


class QuestionModerationForm(ModerationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topic" in self.fields:
            self.fields["topic"].queryset = QuestionTopic.objects.filter(
                page_id=self.instance.page_id
            )


class QuestionViewSet(SubmissionViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 250
    name = "questions"
    base_form_class = QuestionModerationForm
    list_display = ["__str__", "question", "topic", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["question", "answer"]
    search_backend_name = None
    list_export = [
        "pk",
        "created_at",
        "status",
        "topic",
        "name",
        "email",
        "phone",
        "question",
        "answer",
        "published_at",
    ]
    export_filename = "cau-hoi"
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("name", read_only=True),
                        FieldPanel("email", read_only=True),
                        FieldPanel("phone", read_only=True),
                    ]
                ),
                FieldPanel("status", read_only=True),
            ],
            heading=_("Asker (never published)"),
        ),
        FieldPanel("topic"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("decision"),
    ]
    inspect_view_fields = ["created_at", "status", "topic", "question", "answer", "published_at"]

    def moderate(self, *, submission, status, user):
        return question_moderate(question=submission, status=status, user=user)


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()
