from django import forms
from django.utils.translation import gettext_lazy as _

from portal.submissions.forms import PublicSubmissionForm

QUESTION_MAX_LENGTH = 4000


class QuestionForm(PublicSubmissionForm):
    """The public form of a questions page: who asks, how to reply, topic and question."""

    rate_scope = "questions"

    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, empty_label=_("Choose a topic"))
    question = forms.CharField(
        label=_("Your question"),
        min_length=10,
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    field_order = ["name", "email", "phone", "topic", "question"]

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        topics = page.topics.all()
        self.fields["topic"].queryset = topics
        if not topics.exists():  # a site without topics asks without one
            del self.fields["topic"]

    def clean_question(self):
        return self.cleaned_data["question"].strip()
