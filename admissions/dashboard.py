"""Reads of the admissions dashboard: a round's figures for the department and for a school.

Who sees what (`dashboard_scope`): the department's admissions officers (the permission
``admissions.oversee_admissions``) and superusers see every school; a school's staff (its
editors and moderators groups) see the same figures limited to their own school's rows. The
scope narrows every read below.

Every figure is counted by the database, in a constant number of queries whatever the number
of schools (`round_dashboard`: seven, nine for a round with ranked choices). What counts as
a registration is `selectors.counted_registrations` (active, not practice, not refused or
withdrawn); verification progress also shows the refused and withdrawn ones; flagged
duplicates and practice registrations are shown apart and counted nowhere else.

No personal data is read here: counts, receipt codes and school names only. The lists with
names (the exports, admissions/exports.py) read `registrations_for_export` and
`admitted_for_export`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.cases import OVERSEE
from admissions.models import (
    AdmissionRoundPage,
    Outcome,
    Programme,
    Registration,
    RegistrationChoice,
    Track,
)
from admissions.selectors import counted_registrations, first_choice_demand
from applications.status import Status
from portal.access import staff_access

# How many flagged duplicates the page lists (the most recent first); the count is complete.
DUPLICATES_SHOWN = 200


# --- who sees what ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    everything: bool = False
    school_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.school_ids)

    def includes(self, school_id) -> bool:
        return self.everything or school_id in self.school_ids

    def narrowed_to(self, school_id) -> DashboardScope:
        """The scope of one school (which must be in this scope)."""
        return DashboardScope(school_ids=frozenset({school_id}))


def dashboard_scope(user) -> DashboardScope:
    """Superusers and the department's admissions officers: every school; a school's staff:
    their schools; anyone else: nothing."""
    access = staff_access(user)
    if not access.active:
        return DashboardScope()
    if access.everything or user.has_perm(OVERSEE):
        return DashboardScope(everything=True)
    return DashboardScope(school_ids=access.school_ids)


def _in_scope(queryset, scope, path):
    if scope.everything:
        return queryset
    return queryset.filter(**{f"{path}__in": scope.school_ids})


# --- verification progress ----------------------------------------------------------------

S = Status
# (key, label, condition on a registration). A result issued after approval leaves the
# registration active; after a refusal it is closed (services.registration_close_on_status).
VERIFICATION = [
    (
        "submitted",
        S.SUBMITTED.label,
        Q(application__status__in=[S.AWAITING_PAYMENT, S.SUBMITTED, S.RECEIVED]),
    ),
    ("in_review", S.IN_REVIEW.label, Q(application__status__in=[S.IN_REVIEW, S.SUPPLEMENTED])),
    ("supplement", S.SUPPLEMENT_REQUESTED.label, Q(application__status=S.SUPPLEMENT_REQUESTED)),
    (
        "approved",
        S.APPROVED.label,
        Q(application__status=S.APPROVED) | Q(application__status=S.RESULT_ISSUED, active=True),
    ),
    (
        "refused",
        S.REJECTED.label,
        Q(application__status=S.REJECTED) | Q(application__status=S.RESULT_ISSUED, active=False),
    ),
    ("withdrawn", S.WITHDRAWN.label, Q(application__status=S.WITHDRAWN)),
]
VERIFICATION_KEYS = [key for key, _label, _q in VERIFICATION]
# Registrations whose verification the page follows: the real ones, flagged duplicates apart.
VERIFIED_BASE = Q(practice=False, duplicate_of__isnull=True)


@dataclass
class Bar:
    """A row of a chart (portal.charts.bar_chart)."""

    label: str
    count: int
    mark: int | None = None


# --- the round's dashboard ----------------------------------------------------------------


@dataclass
class ProgrammeRow:
    pk: int
    label: str
    track: str
    quota: int
    direct_admissions: int
    places: int
    first_choice: int = 0
    named: int = 0

    @property
    def ratio(self):
        return ratio(self.first_choice, self.places)


@dataclass
class SchoolRow:
    school_id: int
    name: str
    code: str
    programmes: list[ProgrammeRow] = field(default_factory=list)
    registrations: int = 0
    verification: dict = field(default_factory=dict)
    duplicates: int = 0
    practice: int = 0
    not_admitted: int = 0
    admitted: int = 0  # admitted, not confirmed yet
    confirmed: int = 0
    released: int = 0
    reminded: int = 0  # admitted, not confirmed, reminded at least once
    named: int = 0  # registrations naming any of its programmes, at any rank

    @property
    def quota(self):
        return sum(p.quota for p in self.programmes)

    @property
    def direct_admissions(self):
        return sum(p.direct_admissions for p in self.programmes)

    @property
    def places(self):
        return sum(p.places for p in self.programmes)

    @property
    def first_choice(self):
        return sum(p.first_choice for p in self.programmes)

    @property
    def ratio(self):
        return ratio(self.first_choice, self.places)

    @property
    def verification_cells(self):
        return [self.verification.get(key, 0) for key in VERIFICATION_KEYS]

    @property
    def verification_total(self):
        return sum(self.verification.values())

    @property
    def verification_done(self):
        """Decided (approved or refused) or withdrawn."""
        return sum(self.verification.get(key, 0) for key in ("approved", "refused", "withdrawn"))


@dataclass
class CommuneRow:
    unit_id: int
    label: str
    registrations: int
    outside_catchment: int


@dataclass
class DuplicateRow:
    code: str
    application_id: int
    school_id: int | None
    school_name: str
    status_label: str
    submitted_at: datetime.datetime
    original_code: str
    original_application_id: int
    original_school_id: int | None
    original_school_name: str
    original_status_label: str


@dataclass
class Totals:
    quota: int = 0
    direct_admissions: int = 0
    places: int = 0
    registrations: int = 0
    first_choice: int = 0
    duplicates: int = 0
    practice: int = 0
    not_admitted: int = 0
    admitted: int = 0
    confirmed: int = 0
    released: int = 0
    reminded: int = 0
    verification: dict = field(default_factory=dict)

    @property
    def ratio(self):
        return ratio(self.first_choice, self.places)

    @property
    def verification_total(self):
        return sum(self.verification.values())

    @property
    def verification_done(self):
        return sum(self.verification.get(key, 0) for key in ("approved", "refused", "withdrawn"))


@dataclass
class RoundDashboard:
    round_id: int
    title: str
    grade: int
    school_year: int
    ranked: bool
    phase: str
    phase_label: str
    confirm_by: datetime.datetime
    now: datetime.datetime
    schools: list[SchoolRow]
    totals: Totals
    communes: list[CommuneRow]
    duplicates: list[DuplicateRow]
    duplicates_more: bool

    @property
    def time_left(self) -> datetime.timedelta | None:
        """Until the confirmation deadline; None once it has passed."""
        left = self.confirm_by - self.now
        return left if left.total_seconds() > 0 else None

    @property
    def outside_catchment(self) -> int:
        """Registrations from outside the chosen school's catchment."""
        return sum(row.outside_catchment for row in self.communes)

    @property
    def verification(self):
        """[(key, label, count)] over the scope, in the order of the status machine."""
        return [
            (key, str(label), self.totals.verification.get(key, 0))
            for key, label, _q in VERIFICATION
        ]

    # Chart rows (portal.charts.bar_chart).

    def demand_bars(self, limit=20):
        """The schools with the highest NV1 ratio first: their NV1 demand against places."""
        ranked = sorted(
            self.schools, key=lambda row: (-(row.ratio or 0), -row.first_choice, row.name)
        )
        return [Bar(row.name, row.first_choice, row.places) for row in ranked[:limit]]

    def verification_bars(self):
        return [Bar(label, count) for _key, label, count in self.verification]

    def commune_bars(self, limit=20):
        return [Bar(row.label, row.registrations) for row in self.communes[:limit]]

    def confirmation_bars(self):
        totals = self.totals
        return [
            Bar(str(Outcome.CONFIRMED.label), totals.confirmed),
            Bar(str(_("Admitted, not confirmed yet")), totals.admitted),
            Bar(str(Outcome.RELEASED.label), totals.released),
        ]


def ratio(demand, places):
    """The NV1 ratio (tỷ lệ chọi): registrations naming the programme first per place."""
    return round(demand / places, 2) if places else None


def _programme_label(programme):
    return str(programme.name or programme.get_track_display())


def round_dashboard(round_page, *, scope: DashboardScope, now=None) -> RoundDashboard:
    """The figures of a round within `scope`: seven queries (nine with ranked choices)."""
    now = now or timezone.now()
    schools, programmes = _plan_rows(round_page, scope)  # 1
    counted = counted_registrations(round_page)
    _add_demand(round_page, schools, programmes, counted)  # 2 (3 and 4 with ranked choices)
    _add_registrations(schools, counted, scope)  # 4
    _add_verification(round_page, schools, scope)  # 5
    _add_places_given(round_page, schools, scope)  # 6
    communes = _communes(counted, scope)  # 7
    found = _duplicates(round_page, scope)  # 8
    rows = list(schools.values())
    phase = round_page.phase(now)
    return RoundDashboard(
        round_id=round_page.pk,
        title=round_page.title,
        grade=round_page.grade,
        school_year=round_page.school_year,
        ranked=round_page.ranks_choices,
        phase=str(phase),
        phase_label=str(phase.label),
        confirm_by=round_page.confirm_by,
        now=now,
        schools=rows,
        totals=_totals(rows),
        communes=communes,
        duplicates=[_duplicate_row(r) for r in found[:DUPLICATES_SHOWN]],
        duplicates_more=len(found) > DUPLICATES_SHOWN,
    )


def _plan_rows(round_page, scope):
    """{school id: SchoolRow}, {programme id: ProgrammeRow} of the approved plans."""
    schools: dict[int, SchoolRow] = {}
    programmes: dict[int, ProgrammeRow] = {}
    plan_programmes = _in_scope(
        Programme.objects.filter(plan__round=round_page, plan__live=True), scope, "plan__school"
    ).select_related("plan__school")
    for programme in plan_programmes.order_by("plan__school__name", "plan__school", "sort_order"):
        school = programme.plan.school
        row = schools.setdefault(school.pk, SchoolRow(school.pk, school.name, school.code))
        programmes[programme.pk] = ProgrammeRow(
            pk=programme.pk,
            label=_programme_label(programme),
            track=programme.track,
            quota=programme.quota,
            direct_admissions=programme.direct_admissions,
            places=programme.places,
        )
        row.programmes.append(programmes[programme.pk])
    return schools, programmes


def _add_demand(round_page, schools, programmes, counted):
    """NV1 demand per programme (the public overview's figure) and, with ranked choices, the
    registrations naming each programme, and each school, at any rank."""
    for pk, count in first_choice_demand(round_page).items():
        if pk in programmes:
            programmes[pk].first_choice = count
    if not round_page.ranks_choices:
        for programme in programmes.values():
            programme.named = programme.first_choice
        for row in schools.values():
            row.named = row.first_choice
        return
    choices = RegistrationChoice.objects.filter(registration__in=counted, programme__in=programmes)
    for row in (
        choices.values("programme").annotate(n=Count("registration", distinct=True)).order_by()
    ):
        programmes[row["programme"]].named = row["n"]
    # A registration naming two programmes of a school (its regular and specialised classes)
    # names the school once.
    for target, row in _by_school(
        choices,
        DashboardScope(everything=True),
        "programme__plan__school",
        schools,
        n=Count("registration", distinct=True),
    ):
        target.named = row["n"]


def _by_school(queryset, scope, path, schools, **figures):
    """Yield (SchoolRow, row of figures) grouped by the school at `path`. A school with
    registrations but no approved plan any more (unpublished since) is left out."""
    grouped = _in_scope(queryset, scope, path).values(path).annotate(**figures).order_by()
    for row in grouped:
        target = schools.get(row[path])
        if target is not None:
            yield target, row


def _add_registrations(schools, counted, scope):
    """The registrations that count, by the school that verifies them."""
    for target, row in _by_school(counted, scope, "application__school", schools, n=Count("pk")):
        target.registrations = row["n"]


def _add_verification(round_page, schools, scope):
    """Verification progress, flagged duplicates, practice and "not admitted", by school."""
    real = Q(practice=False)
    figures = {f"n_{key}": Count("pk", filter=VERIFIED_BASE & q) for key, _label, q in VERIFICATION}
    figures["n_duplicates"] = Count("pk", filter=real & Q(duplicate_of__isnull=False))
    figures["n_practice"] = Count("pk", filter=Q(practice=True))
    figures["n_not_admitted"] = Count("pk", filter=real & Q(outcome=Outcome.NOT_ADMITTED))
    registrations = Registration.objects.filter(round=round_page)
    for target, row in _by_school(registrations, scope, "application__school", schools, **figures):
        target.verification = {key: row[f"n_{key}"] for key in VERIFICATION_KEYS}
        target.duplicates = row["n_duplicates"]
        target.practice = row["n_practice"]
        target.not_admitted = row["n_not_admitted"]


def _add_places_given(round_page, schools, scope):
    """Admitted (waiting for confirmation), confirmed, released, by the admitting school."""
    waiting = Q(outcome=Outcome.ADMITTED)
    given = Registration.objects.filter(
        round=round_page, practice=False, admitted_programme__isnull=False
    )
    for target, row in _by_school(
        given,
        scope,
        "admitted_programme__plan__school",
        schools,
        n_admitted=Count("pk", filter=waiting),
        n_confirmed=Count("pk", filter=Q(outcome=Outcome.CONFIRMED)),
        n_released=Count("pk", filter=Q(outcome=Outcome.RELEASED)),
        n_reminded=Count("pk", filter=waiting & Q(reminders_sent__gt=0)),
    ):
        for name in ("admitted", "confirmed", "released", "reminded"):
            setattr(target, name, row[f"n_{name}"])


def _communes(counted, scope) -> list[CommuneRow]:
    """Registrations by commune or ward of residence, the most first."""
    return [
        CommuneRow(
            unit_id=row["residence_unit"],
            label=f"{row['residence_unit__unit_type']} {row['residence_unit__name']}".strip(),
            registrations=row["n"],
            outside_catchment=row["outside"],
        )
        for row in _in_scope(counted, scope, "application__school")
        .values("residence_unit", "residence_unit__name", "residence_unit__unit_type")
        .annotate(n=Count("pk"), outside=Count("pk", filter=Q(in_catchment=False)))
        .order_by("-n", "residence_unit__name")
    ]


def _duplicates(round_page, scope) -> list[Registration]:
    """The flagged duplicates (the second registration, with the one it duplicates) where
    either is at a school of the scope, the latest first; one more than shown."""
    duplicates = Registration.objects.filter(
        round=round_page, practice=False, duplicate_of__isnull=False
    )
    if not scope.everything:
        duplicates = duplicates.filter(
            Q(application__school__in=scope.school_ids)
            | Q(duplicate_of__application__school__in=scope.school_ids)
        )
    return list(
        duplicates.select_related("application__school", "duplicate_of__application__school")
        .only(
            "application__code",
            "application__status",
            "application__submitted_at",
            "application__school__name",
            "duplicate_of__application__code",
            "duplicate_of__application__status",
            "duplicate_of__application__school__name",
        )
        .order_by("-application__submitted_at", "-pk")[: DUPLICATES_SHOWN + 1]
    )


def _totals(rows) -> Totals:
    totals = Totals(verification=dict.fromkeys(VERIFICATION_KEYS, 0))
    for row in rows:
        for name in (
            "quota",
            "direct_admissions",
            "places",
            "registrations",
            "first_choice",
            "duplicates",
            "practice",
            "not_admitted",
            "admitted",
            "confirmed",
            "released",
            "reminded",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
        for key, count in row.verification.items():
            totals.verification[key] += count
    return totals


def _duplicate_row(registration) -> DuplicateRow:
    application = registration.application
    original = registration.duplicate_of.application
    return DuplicateRow(
        code=application.code,
        application_id=application.pk,
        school_id=application.school_id,
        school_name=application.school.name if application.school else "",
        status_label=str(application.get_status_display()),
        submitted_at=application.submitted_at,
        original_code=original.code,
        original_application_id=original.pk,
        original_school_id=original.school_id,
        original_school_name=original.school.name if original.school else "",
        original_status_label=str(original.get_status_display()),
    )


# --- the rounds, per grade ----------------------------------------------------------------


@dataclass
class RoundSummary:
    round_id: int
    title: str
    grade: int
    grade_label: str
    school_year: int
    phase_label: str
    live: bool
    places: int = 0
    registrations: int = 0
    first_choice: int = 0
    admitted: int = 0
    confirmed: int = 0
    released: int = 0
    practice: int = 0
    duplicates: int = 0

    @property
    def ratio(self):
        return ratio(self.first_choice, self.places)


def school_years() -> list[int]:
    """The school years that have a round, latest first. One query."""
    return list(
        AdmissionRoundPage.objects.order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def rounds_summary(*, school_year, scope: DashboardScope, now=None) -> list[RoundSummary]:
    """The rounds of a school year (a round per grade), each with its totals within `scope`:
    six queries whatever the number of rounds and schools."""
    now = now or timezone.now()
    rounds = list(AdmissionRoundPage.objects.filter(school_year=school_year).order_by("grade"))
    if not rounds:
        return []
    summaries = {
        r.pk: RoundSummary(
            round_id=r.pk,
            title=r.title,
            grade=r.grade,
            grade_label=str(r.get_grade_display()),
            school_year=r.school_year,
            phase_label=str(r.phase(now).label),
            live=r.live,
        )
        for r in rounds
    }
    programmes = _in_scope(
        Programme.objects.filter(plan__round__in=rounds, plan__live=True), scope, "plan__school"
    )
    for programme in programmes.annotate(round_id=F("plan__round")).only(
        "quota", "direct_admissions"
    ):
        summaries[programme.round_id].places += programme.places
    # The same rule as the round's page: counted_registrations, for every round at once.
    counted = _in_scope(
        reduce(or_, (counted_registrations(r) for r in rounds)), scope, "application__school"
    )
    for row in counted.values("round").annotate(n=Count("pk")).order_by():
        summaries[row["round"]].registrations = row["n"]
    first = RegistrationChoice.objects.filter(rank=1, registration__in=counted)
    for row in first.values("registration__round").annotate(n=Count("pk")).order_by():
        summaries[row["registration__round"]].first_choice = row["n"]
    real = Q(practice=False)
    # Places given, by the school that gives them.
    given = _in_scope(
        Registration.objects.filter(round__in=rounds, practice=False),
        scope,
        "admitted_programme__plan__school",
    )
    for row in (
        given.values("round")
        .annotate(
            n_admitted=Count("pk", filter=Q(outcome=Outcome.ADMITTED)),
            n_confirmed=Count("pk", filter=Q(outcome=Outcome.CONFIRMED)),
            n_released=Count("pk", filter=Q(outcome=Outcome.RELEASED)),
        )
        .order_by()
    ):
        for name in ("admitted", "confirmed", "released"):
            setattr(summaries[row["round"]], name, row[f"n_{name}"])
    # Practice registrations and flagged duplicates, by the school that verifies them.
    apart = _in_scope(Registration.objects.filter(round__in=rounds), scope, "application__school")
    for row in (
        apart.values("round")
        .annotate(
            n_practice=Count("pk", filter=Q(practice=True)),
            n_duplicates=Count("pk", filter=real & Q(duplicate_of__isnull=False)),
        )
        .order_by()
    ):
        summaries[row["round"]].practice = row["n_practice"]
        summaries[row["round"]].duplicates = row["n_duplicates"]
    return list(summaries.values())


# --- the lists the admissions council needs (exports) -------------------------------------


def registrations_for_export(round_page, *, scope: DashboardScope) -> QuerySet:
    """Every real registration of the round at the schools of `scope` (the school that
    verifies it), refused, withdrawn and flagged duplicates included, practice ones not: by
    school, then name. Two queries (the choices prefetched)."""
    return (
        _in_scope(
            Registration.objects.filter(round=round_page, practice=False),
            scope,
            "application__school",
        )
        .select_related(
            "application__school",
            "residence_unit",
            "priority_group",
            "incentive_group",
            "admitted_programme__plan__school",
            "duplicate_of__application",
        )
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=RegistrationChoice.objects.select_related("programme__plan__school"),
            )
        )
        .order_by("application__school__name", "application__applicant_name", "pk")
    )


def admitted_for_export(round_page, *, scope: DashboardScope) -> QuerySet:
    """The admitted pupils of the round (admitted or confirmed; the same rule as the public
    list, selectors.admitted_list) at the schools of `scope`: by school, programme, name."""
    return (
        _in_scope(
            counted_registrations(round_page).filter(
                outcome__in=(Outcome.ADMITTED, Outcome.CONFIRMED),
                admitted_programme__isnull=False,
            ),
            scope,
            "admitted_programme__plan__school",
        )
        .select_related(
            "application",
            "residence_unit",
            "priority_group",
            "incentive_group",
            "admitted_programme__plan__school",
        )
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=RegistrationChoice.objects.select_related("programme__plan__school"),
            )
        )
        .order_by(
            "admitted_programme__plan__school__name",
            "admitted_programme__sort_order",
            "application__applicant_name",
            "pk",
        )
    )


def round_tracks(round_page) -> list[str]:
    """The tracks other than the regular class offered in the round's approved plans (the
    specialised and boarding columns of the exports). One query."""
    offered = set(
        Programme.objects.filter(plan__round=round_page, plan__live=True)
        .exclude(track=Track.REGULAR)
        .values_list("track", flat=True)
    )
    return [track for track in Track.values if track in offered]  # in the model's order
