from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from consultations.models import ConsultationComment
from portal.submissions.admin import SubmissionViewSet, register_submission_model

register_submission_model(ConsultationComment)


class ConsultationCommentViewSet(SubmissionViewSet):
    model = ConsultationComment
    icon = "comment"
    menu_label = _("Consultation comments")
    menu_order = 260
    name = "consultation-comments"
    list_display = ["__str__", "page", "section", "status", "created_at"]
    list_filter = ["status", "page"]
    search_fields = ["comment", "section", "organisation"]
    search_backend_name = None
    list_export = [
        "pk",
        "page",
        "created_at",
        "status",
        "name",
        "organisation",
        "email",
        "phone",
        "section",
        "comment",
    ]
    export_filename = "y-kien-du-thao"
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
                FieldPanel("organisation", read_only=True),
                FieldPanel("status", read_only=True),
            ],
            heading=_("Sender (never published)"),
        ),
        FieldPanel("section"),
        FieldPanel("comment"),
        FieldPanel("decision"),
    ]
    inspect_view_fields = ["page", "created_at", "status", "organisation", "section", "comment"]


@hooks.register("register_admin_viewset")
def register_consultation_comment_viewset():
    return ConsultationCommentViewSet()
