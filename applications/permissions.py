"""Who processes which applications.

Two scopes, which add up (a person may hold both):
- **by office**: a case definition's client says whose office processes its cases wherever
  they go (CaseClient.definitions_processed_by; for procedures, the officers of the division
  in charge of the procedure's field), so the division in charge also oversees what schools
  handle in it;
- **a school's staff** process the applications that go to their school
  (`Application.school`) and nothing else. Staff means the members of the school's two
  groups created by provisioning (sites.provisioning): moderators (the principal and deputies,
  who sign what the school issues) and editors (the clerks and teachers who run the school's
  office and website). At most schools the same one or two people do both jobs, so both
  groups get the back office.

Superusers process everything. Everything that reads or changes an application in the back
office (queue, detail, downloads, exports, transitions, notes, assignment) goes through
`applications_for_user` / `can_process`, so both scopes apply everywhere at once.

The user's scope is read once per request, from their staff access (portal/access.py).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.models import Page

from applications import definitions
from applications.models import Application
from portal.access import staff_access


@dataclass(frozen=True)
class ProcessingScope:
    everything: bool = False
    definition_ids: frozenset = frozenset()
    school_ids: frozenset = frozenset()

    @property
    def empty(self):
        return not (self.everything or self.definition_ids or self.school_ids)


def processing_scope(user) -> ProcessingScope:
    """What `user` processes, from their staff access (portal.access): one query per kind of
    case and one for schools, each at most once per request."""
    access = staff_access(user)
    if not access.active:
        return ProcessingScope()
    if access.everything:
        return ProcessingScope(everything=True)
    # The schools whose editors or moderators group the user belongs to.
    return ProcessingScope(definition_ids=access.definition_ids, school_ids=access.school_ids)


def scope_q(scope) -> Q:
    """The condition on applications for a scope."""
    if scope.everything:
        return Q()
    condition = Q(pk__in=[])
    if scope.definition_ids:
        condition |= Q(definition__in=scope.definition_ids)
    if scope.school_ids:
        condition |= Q(school__in=scope.school_ids)
        for client in definitions.clients():
            naming = client.cases_naming_schools(scope.school_ids)
            if naming is not None:
                condition |= naming
    return condition


def definitions_for_user(user) -> QuerySet:
    """The definitions whose applications `user` may filter the queue and statistics by, as
    pages ordered by title (each client says which of its definitions count)."""
    scope = processing_scope(user)
    condition = Q(pk__in=[])
    for client in definitions.clients():
        chosen = client.definitions_for_filter(user=user, scope=scope)
        condition |= Q(pk__in=chosen.values("pk"))
    return Page.objects.filter(condition).order_by("title")


def applications_for_user(user) -> QuerySet:
    scope = processing_scope(user)
    applications = Application.objects.all()
    if scope.everything:
        return applications
    if scope.empty:
        return applications.none()
    return applications.filter(scope_q(scope))


def can_use_back_office(user) -> bool:
    return not processing_scope(user).empty


def can_process(*, user, application) -> bool:
    """Whether `user` may see and act on `application` (decided in Python from the user's
    scope, but for a school's staff and a case that may name their school otherwise: one
    query by its client)."""
    scope = processing_scope(user)
    if scope.everything:
        return True
    if application.school_id is not None and application.school_id in scope.school_ids:
        return True
    if application.definition_id in scope.definition_ids:
        return True
    if not scope.school_ids:
        return False
    client = definitions.client_for(definitions.definition_of(application))
    return client is not None and client.case_names_school(application, scope.school_ids)


def processors_for(*, application) -> QuerySet:
    """The active users who may process `application`: who it can be assigned to."""
    from sites.models import School

    condition = Q(is_superuser=True)
    definition = definitions.definition_of(application)
    client = definitions.client_for(definition)
    if client is not None:
        condition |= client.processors_of(definition)
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
