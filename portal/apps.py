from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Department portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import (
            accounts,  # noqa: F401  (connects the sign-in signal receivers)
            chrome_signals,
            wagtail_patches,
        )

        wagtail_patches.install()
        chrome_signals.connect()
