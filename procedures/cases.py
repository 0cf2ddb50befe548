"""Procedures as a kind of case: the engine's client (applications.definitions.CaseClient).

A procedure page is the case definition (``ProcedurePage`` implements ``CaseDefinition``);
the division in charge of a procedure's field (``ProcedureField.officer_groups``) processes its
applications wherever they go.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from applications.definitions import CaseClient
from procedures.models import Handling, ProcedurePage, Recipient


class ProcedureCases(CaseClient):
    definition_model = ProcedurePage

    def definitions_processed_by(self, user) -> frozenset[int]:
        return frozenset(
            ProcedurePage.objects.filter(procedure_field__officer_groups__user=user).values_list(
                "pk", flat=True
            )
        )

    def definitions_for_filter(self, *, user, scope) -> QuerySet:
        procedures = ProcedurePage.objects.filter(handling=Handling.HERE)
        if scope.everything:
            return procedures
        mine = Q(pk__in=scope.definition_ids)
        if scope.school_ids:
            mine |= Q(recipient=Recipient.CHOSEN_SCHOOL)
        return procedures.filter(mine)

    def processors_of(self, definition) -> Q:
        return Q(groups__procedure_fields=definition.procedure_field_id)
