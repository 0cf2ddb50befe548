"""Who may see and change pre-loaded pupils.

The department's admissions officers (permission ``admissions.oversee_admissions``) and
superusers work on the whole province; a school's staff (its editors and moderators) only on
the pupils whose current school is theirs; everyone else on nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from admissions.models import Pupil, PupilCorrection
from portal.access import staff_access

OVERSEE = "admissions.oversee_admissions"


@dataclass(frozen=True)
class PupilScope:
    allowed: bool
    province: bool = False
    school_ids: frozenset = frozenset()

    def covers_school(self, school_id) -> bool:
        return self.province or (school_id is not None and school_id in self.school_ids)


NOTHING = PupilScope(allowed=False)


def pupil_scope(user) -> PupilScope:
    access = staff_access(user)
    if not access.active:
        return NOTHING
    if access.everything or (not access.school_user and user.has_perm(OVERSEE)):
        return PupilScope(allowed=True, province=True)
    if access.school_user:
        return PupilScope(allowed=True, school_ids=access.school_ids)
    return NOTHING


def pupils_for(scope: PupilScope) -> QuerySet:
    pupils = Pupil.objects.select_related("current_school", "unit")
    if not scope.allowed:
        return pupils.none()
    if scope.province:
        return pupils
    return pupils.filter(current_school_id__in=scope.school_ids)


def corrections_for(scope: PupilScope) -> QuerySet:
    corrections = PupilCorrection.objects.select_related(
        "pupil", "pupil__current_school", "pupil__unit", "evidence", "decided_by"
    )
    if not scope.allowed:
        return corrections.none()
    if scope.province:
        return corrections
    return corrections.filter(pupil__current_school_id__in=scope.school_ids)
