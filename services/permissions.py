"""Who processes which applications: department officers by procedure field (the groups
named on each ProcedureField); superusers all of them."""

from services.models import Application, ProcedureField


def fields_for_user(user):
    """The procedure fields `user` processes; None means every field."""
    if not user.is_authenticated or not user.is_active:
        return ProcedureField.objects.none()
    if user.is_superuser:
        return None
    return ProcedureField.objects.filter(officer_groups__user=user).distinct()


def applications_for_user(user):
    fields = fields_for_user(user)
    applications = Application.objects.all()
    return (
        applications
        if fields is None
        else applications.filter(procedure__procedure_field__in=fields)
    )


def can_use_back_office(user):
    fields = fields_for_user(user)
    return fields is None or fields.exists()


def can_process(*, user, application):
    return applications_for_user(user).filter(pk=application.pk).exists()
