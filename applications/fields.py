"""The kinds of question a journey form can ask, and the kinds of file it accepts.

A case definition's form steps (applications.definitions.FormField) use these: the journey
renders, validates and records each answer by its type (applications.forms).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldType(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    PERSONAL_ID = "personal_id", _("Personal ID number (12 digits)")
    PHONE = "phone", _("Vietnamese phone number")
    EMAIL = "email", _("E-mail")
    ADDRESS = "address", _("Address")
    FILE = "file", _("File upload")
    CONSENT = "consent", _("Consent checkbox")


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "Word (DOCX)"
