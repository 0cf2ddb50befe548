"""Who processes which applications.

Two scopes, which add up (a person may hold both):
- **department officers** process every application of the procedure fields whose
  `officer_groups` they belong to (ProcedureField.officer_groups), wherever it goes, so the
  division in charge of a field also oversees what schools handle in it;
- **a school's staff** process the applications that go to their school
  (`Application.school`) and nothing else. Staff means the members of the school's two
  groups created by provisioning (sites.provisioning): moderators (the principal and deputies,
  who sign what the school issues) and editors (the clerks and teachers who run the school's
  office and website; DESIGN.md: "a school editor sees … applications" of their own school).
  At most schools the same one or two people do both jobs, so both groups get the back office.

Superusers process everything. Everything that reads or changes an application in the back
office (queue, detail, downloads, exports, transitions, notes, assignment) goes through
`applications_for_user` / `can_process`, so both scopes apply everywhere at once.

The user's scope is read once per request: the field ids and school ids are cached on the
user object, which Django builds afresh for every request.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from procedures.models import ProcedureField

from applications.models import Application
from sites.permissions import school_scope_for_user

SCOPE_CACHE_ATTR = "_services_scope"


@dataclass(frozen=True)
class ProcessingScope:
    everything: bool = False
    field_ids: frozenset = frozenset()
    school_ids: frozenset = frozenset()

    @property
    def empty(self):
        return not (self.everything or self.field_ids or self.school_ids)


def processing_scope(user):
    """What `user` processes: at most two queries, cached for the request."""
    cached = getattr(user, SCOPE_CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = ProcessingScope()
    elif user.is_superuser:
        scope = ProcessingScope(everything=True)
    else:
        field_ids = frozenset(
            ProcedureField.objects.filter(officer_groups__user=user).values_list("pk", flat=True)
        )
        # The schools whose editors or moderators group the user belongs to (sites app).
        scope = ProcessingScope(
            field_ids=field_ids, school_ids=school_scope_for_user(user).school_ids
        )
    setattr(user, SCOPE_CACHE_ATTR, scope)
    return scope


def scope_q(scope):
    """The condition on applications for a scope."""
    if scope.everything:
        return Q()
    condition = Q(pk__in=[])
    if scope.field_ids:
        condition |= Q(procedure__procedure_field__in=scope.field_ids)
    if scope.school_ids:
        condition |= Q(school__in=scope.school_ids)
    return condition


def procedures_for_user(user):
    """The procedures handled here whose applications `user` may see (for filter choices):
    those of their fields, and every school-routed one for school staff."""
    from procedures.models import ProcedurePage, Recipient

    procedures = ProcedurePage.objects.filter(handling="here").order_by("title")
    scope = processing_scope(user)
    if scope.everything:
        return procedures
    mine = Q(procedure_field__in=scope.field_ids)
    if scope.school_ids:
        mine |= Q(recipient=Recipient.CHOSEN_SCHOOL)
    return procedures.filter(mine)


def applications_for_user(user):
    scope = processing_scope(user)
    applications = Application.objects.all()
    if scope.everything:
        return applications
    if scope.empty:
        return applications.none()
    return applications.filter(scope_q(scope))


def can_use_back_office(user):
    return not processing_scope(user).empty


def can_process(*, user, application):
    """Whether `user` may see and act on `application` (decided in Python, no query beyond
    the user's scope)."""
    scope = processing_scope(user)
    if scope.everything:
        return True
    if application.school_id is not None and application.school_id in scope.school_ids:
        return True
    if not scope.field_ids or application.procedure_id is None:
        return False
    return application.procedure.procedure_field_id in scope.field_ids


def processors_for(*, application):
    """The active users who may process `application`: who it can be assigned to."""
    from sites.models import School

    condition = Q(is_superuser=True)
    if application.procedure_id is not None:
        condition |= Q(groups__procedure_fields=application.procedure.procedure_field_id)
    if application.school_id is not None:
        school = (
            School.objects.filter(pk=application.school_id)
            .values("editors_group", "moderators_group")
            .first()
        )
        groups = [group for group in (school or {}).values() if group is not None]
        if groups:
            condition |= Q(groups__in=groups)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(condition)
        .distinct()
        .order_by("username")
    )
