from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalDocsConfig(AppConfig):
    name = "legaldocs"
    verbose_name = _("Legal documents")
    default_auto_field = "django.db.models.BigAutoField"
