from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """Migrations only: see this package's docstring."""

    name = "services"
    verbose_name = _("Online services (earlier migrations)")
    default_auto_field = "django.db.models.BigAutoField"
