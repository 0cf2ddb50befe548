from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    """Admission plans and registrations: the second client of the case engine."""

    name = "admissions"
    verbose_name = _("Admissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from admissions.cases import AdmissionCases
        from applications.definitions import register

        register(AdmissionCases())

        from django.db.models.signals import post_migrate

        from admissions.setup import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self)
