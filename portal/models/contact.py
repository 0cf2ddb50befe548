from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from portal.models.base import PortalPage
from portal.spam import SpamProtectedFormMixin
from portal.text import slugify_vi


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

    def get_form_class(self):
        return type("ContactForm", (SpamProtectedFormMixin, super().get_form_class()), {})

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        form = getattr(response, "context_data", {}).get("form")
        if request.method == "POST" and form is not None and form.errors:
            response.status_code = 400
        return response
