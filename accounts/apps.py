from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: two-factor sign-in and the sign-in audit (the lockout and idle timeout
    are in portal/accounts.py)."""

    name = "accounts"
    label = "staff_accounts"
    verbose_name = _("Staff accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import checks  # noqa: F401  (registers the deploy check)
