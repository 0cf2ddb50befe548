"""Reads of admissions: plans, programmes, demand, pupils, results lists."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from admissions.models import (
    AdmissionPlan,
    AdmissionRoundPage,
    Outcome,
    Programme,
    Pupil,
    Registration,
    RegistrationChoice,
    Stage,
    Track,
)
from admissions.models.pupils import STAGE_FOR_GRADE
from applications.status import Status

# Statuses of a registration that no longer counts (refused after verification, withdrawn).
NOT_COUNTED = (Status.REJECTED, Status.WITHDRAWN)
DEMAND_CACHE_SECONDS = 60


def live_plans(round_page) -> QuerySet:
    """The round's approved (published) plans, with their school and programmes."""
    return (
        AdmissionPlan.objects.filter(round=round_page, live=True)
        .select_related("school", "school__administrative_unit", "school__site")
        .prefetch_related("programmes", "catchment")
        .order_by("school__name")
    )


def programmes_for(round_page, *, track, unit=None) -> list[Programme]:
    """The programmes of `track` in the round's approved plans; with `unit`, those whose plan's
    catchment covers it (a plan without a catchment takes the whole province)."""
    programmes = Programme.objects.filter(
        plan__round=round_page, plan__live=True, track=track
    ).select_related("plan__school")
    if unit is not None:
        programmes = programmes.filter(Q(plan__catchment=unit) | Q(plan__catchment__isnull=True))
    return list(programmes.distinct().order_by("plan__school__name", "sort_order", "pk"))


def counted_registrations(round_page) -> QuerySet:
    return Registration.objects.filter(round=round_page, active=True, practice=False).exclude(
        application__status__in=NOT_COUNTED
    )


def first_choice_demand(round_page) -> dict[int, int]:
    """{programme id: registrations naming it first (NV1)}: one query."""
    rows = (
        RegistrationChoice.objects.filter(
            rank=1, registration__in=counted_registrations(round_page)
        )
        .values("programme")
        .annotate(n=Count("pk"))
    )
    return {row["programme"]: row["n"] for row in rows}


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    school_name: str
    school_code: str
    school_url: str
    unit: str
    programmes: list  # [(label, places, first-choice demand, ratio or None)]
    catchment: list[str]


@dataclass(frozen=True)
class RoundOverview:
    round_id: int
    title: str
    url: str
    phase: str
    phase_label: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    show_demand: bool
    plans: list[PlanRow]
    places: int
    demand: int


def _ratio(demand, places):
    return round(demand / places, 2) if places else None


def round_overview(round_page, *, now=None) -> RoundOverview:
    """What the public sees of a round: every school's plan, places and (from the opening)
    its first-choice demand and ratio (tỷ lệ chọi). Cached for a minute per round, so the
    page under load reads the database once a minute whatever the traffic."""
    key = f"admissions:overview:{round_page.pk}:{round_page.latest_revision_id or 0}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    phase = round_page.phase(now)
    show_demand = phase not in ("upcoming", "practice")
    demand = first_choice_demand(round_page) if show_demand else {}
    rows = []
    for plan in live_plans(round_page):
        programmes = [
            (
                str(p.name or p.get_track_display()),
                p.places,
                demand.get(p.pk, 0),
                _ratio(demand.get(p.pk, 0), p.places),
            )
            for p in plan.programmes.all()
        ]
        rows.append(
            PlanRow(
                plan_id=plan.pk,
                school_name=plan.school.name,
                school_code=plan.school.code,
                school_url=plan.school.url,
                unit=str(plan.school.administrative_unit),
                programmes=programmes,
                catchment=[str(unit) for unit in plan.catchment.all()],
            )
        )
    overview = RoundOverview(
        round_id=round_page.pk,
        title=round_page.title,
        url=round_page.url,
        phase=str(phase),
        phase_label=str(phase.label),
        opens_at=round_page.opens_at,
        closes_at=round_page.closes_at,
        show_demand=show_demand,
        plans=rows,
        places=sum(p[1] for row in rows for p in row.programmes),
        demand=sum(p[2] for row in rows for p in row.programmes),
    )
    cache.set(key, overview, DEMAND_CACHE_SECONDS)
    return overview


def live_rounds() -> QuerySet:
    return AdmissionRoundPage.objects.live().order_by("-school_year", "grade")


def school_plans(school) -> list[AdmissionPlan]:
    """The school's approved plans in the rounds still running or to come."""
    today = timezone.now()
    return list(
        AdmissionPlan.objects.filter(
            school=school, live=True, round__live=True, round__confirm_by__gte=today
        )
        .select_related("round")
        .prefetch_related("programmes", "catchment")
        .order_by("round__grade")
    )


def pupil_for_login(
    round_page, *, student_code="", personal_id="", birth_date=None
) -> Pupil | None:
    """The pre-loaded pupil for a round's log-in: by the student code, or by the personal ID
    number; always with the date of birth (both factors, one query)."""
    stage = STAGE_FOR_GRADE.get(round_page.grade, Stage.PRESCHOOL)
    if not birth_date or not (student_code or personal_id):
        return None
    pupils = Pupil.objects.filter(
        school_year=round_page.school_year, stage=stage, birth_date=birth_date
    )
    if student_code:
        pupils = pupils.filter(student_code=student_code.strip().upper())
    else:
        pupils = pupils.filter(personal_id=personal_id)
    return pupils.select_related("current_school", "unit").first()


def mask_birth_date(value: datetime.date) -> str:
    """A published list shows the year only with the day hidden: **/05/2020."""
    return f"**/{value:%m/%Y}"


def admitted_list(round_page, school) -> list[dict]:
    """The admitted pupils of a school in a round, with minimal data: the receipt code, the
    name and the masked date of birth (no ID number, no address)."""
    registrations = (
        counted_registrations(round_page)
        .filter(
            admitted_programme__plan__school=school,
            outcome__in=(Outcome.ADMITTED, Outcome.CONFIRMED),
        )
        .select_related("application", "admitted_programme")
        .order_by("application__applicant_name", "pk")
    )
    return [
        {
            "code": r.application.code,
            "name": r.application.applicant_name,
            "birth": mask_birth_date(r.application.applicant_birth_date),
            "programme": r.admitted_programme.name or r.admitted_programme.get_track_display(),
            "confirmed": r.outcome == Outcome.CONFIRMED,
        }
        for r in registrations
    ]


def registration_of(application) -> Registration | None:
    return (
        Registration.objects.filter(application=application)
        .select_related("round", "admitted_programme__plan__school", "residence_unit")
        .first()
    )


def choices_of(registration) -> list[RegistrationChoice]:
    return list(
        registration.choices.select_related("programme__plan__school").order_by("track", "rank")
    )


def regular_choices(registration) -> list[RegistrationChoice]:
    return [c for c in choices_of(registration) if c.track == Track.REGULAR]
