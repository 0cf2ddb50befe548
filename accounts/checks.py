"""`manage.py check --deploy`: production must not run with two-factor sign-in optional."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required_check(app_configs, **kwargs) -> list:
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: department administrators and back-office staff can "
            "sign in with a password alone.",
            hint="Remove TWO_FACTOR_REQUIRED=false from the production environment.",
            id="staff_accounts.W001",
        )
    ]
