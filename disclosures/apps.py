from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("Public disclosures")
    default_auto_field = "django.db.models.BigAutoField"
