from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """The case engine (docs/architecture.md): every online application, whatever its kind."""

    name = "applications"
    verbose_name = _("Online applications")
    default_auto_field = "django.db.models.BigAutoField"
