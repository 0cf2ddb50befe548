"""Admissions as a kind of case: the engine's client (applications.definitions.CaseClient).

A round page is the case definition. The department's admissions officers (the permission
``admissions.oversee_admissions``) process every round's registrations; a school's staff
process those that go to their school (the school chosen for grades 1 and 6, the first
choice's school for grade 10) and see the grade-10 registrations naming their school as a
later choice.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from admissions.models import AdmissionRoundPage, Registration, RegistrationChoice
from applications.definitions import CaseClient

OVERSEE = "admissions.oversee_admissions"


class AdmissionCases(CaseClient):
    definition_model = AdmissionRoundPage

    def definitions_processed_by(self, user) -> frozenset[int]:
        if not user.has_perm(OVERSEE):
            return frozenset()
        return frozenset(AdmissionRoundPage.objects.values_list("pk", flat=True))

    def definitions_for_filter(self, *, user, scope) -> QuerySet:
        rounds = AdmissionRoundPage.objects.all()
        if scope.everything or scope.school_ids:
            return rounds
        return rounds.filter(pk__in=scope.definition_ids)

    def processors_of(self, definition) -> Q:
        codename = OVERSEE.split(".")[1]
        return Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)

    def cases_naming_schools(self, school_ids) -> Q | None:
        named = RegistrationChoice.objects.filter(programme__plan__school__in=school_ids)
        return Q(pk__in=named.values("registration"))

    def find_for_tracking(self, *, reference, birth_date):
        registration = (
            Registration.objects.filter(
                pupil__student_code=reference.strip().upper(),
                application__applicant_birth_date=birth_date,
                application__personal_data_purged_at__isnull=True,
                active=True,
            )
            .select_related("application__definition")
            .order_by("-application__submitted_at")
            .first()
        )
        return registration.application if registration else None

    def case_names_school(self, application, school_ids) -> bool:
        return RegistrationChoice.objects.filter(
            registration=application.pk, programme__plan__school__in=school_ids
        ).exists()
