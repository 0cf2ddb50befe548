from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from portal.models.base import PortalPage
from portal.ratelimit import RATE_LIMITED_MESSAGE, request_within_rate_limit
from portal.spam import SpamProtectedFormMixin
from portal.text import slugify_vi

RATE_LIMITED = "rate_limited"


def _takes_maxlength(widget):
    """HTML allows maxlength on text-like inputs and text areas only (not hidden fields)."""
    if isinstance(widget, forms.Textarea):
        return True
    return getattr(widget, "input_type", None) in (
        "text",
        "email",
        "url",
        "tel",
        "search",
        "password",
    )


class ContactFormMixin(SpamProtectedFormMixin):
    """The contact form's rules on top of the fields built in the admin: spam checks, a length
    cap on every text field (FORM_MAX_MESSAGE_LENGTH for a multi-line one, Wagtail's 255
    for the others), and the shared per-address rate limit on accepted messages."""

    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = settings.FORM_MAX_MESSAGE_LENGTH
                field.validators.append(MaxLengthValidator(field.max_length))
                if _takes_maxlength(field.widget):
                    field.widget.attrs["maxlength"] = str(field.max_length)

    def clean(self):
        cleaned_data = super().clean()  # spam checks first: robots are not counted
        if self.errors or self.request is None:
            return cleaned_data
        if not request_within_rate_limit(self.request, scope="contact-form"):
            raise ValidationError(RATE_LIMITED_MESSAGE, code=RATE_LIMITED)
        return cleaned_data

    def error_status(self):
        return 429 if self.has_error(NON_FIELD_ERRORS, RATE_LIMITED) else 400


class ContactFormField(AbstractFormField):
    page = ParentalKey("portal.ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        """Readable ASCII keys for Vietnamese labels: "Thư điện tử" → "thu_dien_tu"."""
        return slugify_vi(self.label).replace("-", "_")


class ContactPage(EmailFormMixin, FormMixin, PortalPage):
    """A contact form built in the admin with Wagtail's form builder."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        _("confirmation text"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [
        *PortalPage.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail notification"),
        ),
    ]

    parent_page_types = ["portal.HomePage", "portal.StandardPage", "school_sites.SchoolHomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_submissions_list_view_class(self):
        """Wagtail's list of submissions, its CSV export safe from formulas."""
        from portal.spreadsheets import formula_safe_submissions_list_view

        return formula_safe_submissions_list_view()

    def get_form_class(self):
        return type("ContactForm", (ContactFormMixin, super().get_form_class()), {})

    def serve(self, request, *args, **kwargs):
        """Wagtail's FormMixin.serve, with the request given to the form (its rate limit) and
        a refused submission answered 400 (429 over the rate limit)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        form.request = request
        if form.is_valid():
            submission = self.process_form_submission(form)
            return self.render_landing_page(request, submission, *args, **kwargs)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(
            request, self.get_template(request), context, status=form.error_status()
        )
