from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """The catalogue of administrative procedures: one client of the case engine."""

    name = "procedures"
    verbose_name = _("Administrative procedures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from applications.definitions import register
        from procedures.cases import ProcedureCases

        register(ProcedureCases())
