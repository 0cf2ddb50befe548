from django import forms
from django.utils.translation import gettext_lazy as _

from portal.submissions.forms import PublicSubmissionForm

COMMENT_MAX_LENGTH = 10_000


class CommentForm(PublicSubmissionForm):
    """The public comment form of a consultation."""

    rate_scope = "consultations"

    organisation = forms.CharField(
        label=_("Organisation (if you comment on its behalf)"), required=False, max_length=255
    )
    section = forms.CharField(
        label=_("Part of the draft"),
        required=False,
        max_length=255,
        help_text=_("For example: Article 3, clause 2."),
    )
    comment = forms.CharField(
        label=_("Your comment"),
        min_length=10,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    field_order = ["name", "email", "phone", "organisation", "section", "comment"]

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()
