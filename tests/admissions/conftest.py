"""Admissions fixtures: a department site with the procedure catalogue (the shared tracking
page), the admissions page, two communes, primary, lower- and upper-secondary schools with
approved plans, and a round per grade."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from admissions import factories
from admissions.models import Grade, Track
from admissions.setup import ensure_admissions_setup
from procedures.factories import ProcedureIndexPageFactory
from sites import factories as school_factories
from sites.models import AdministrativeUnit, SchoolLevel


@pytest.fixture
def units(db):
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="51", defaults={"name": "Quảng Ngãi", "unit_type": "Tỉnh"}
    )
    make = lambda code, name: AdministrativeUnit.objects.get_or_create(  # noqa: E731
        code=code, defaults={"name": name, "unit_type": "Phường", "parent": province}
    )[0]
    return SimpleNamespace(
        province=province, nghia_lo=make("51-NL", "Nghĩa Lộ"), cam_thanh=make("51-CT", "Cẩm Thành")
    )


def _level(code, name):
    return SchoolLevel.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def site(home, units):
    """The department's pages: tracking lives on the procedure catalogue."""
    return SimpleNamespace(
        home=home,
        catalogue=ProcedureIndexPageFactory(parent=home),
        schools_index=school_factories.SchoolIndexPageFactory(parent=home),
        index=factories.AdmissionsIndexPageFactory(parent=home),
    )


def make_school(name, code, *, unit, level):
    """A school with its staff groups, without its website (provisioning builds a whole site,
    which these tests do not need; tests/sites covers it)."""
    from django.contrib.auth.models import Permission

    from sites.models import School

    school = School.objects.create(
        name=name,
        code=code,
        slug=f"s{code}",
        school_type=school_factories.SchoolTypeFactory(),
        administrative_unit=unit,
        address=f"{unit}",
        phone="0255 3822 000",
    )
    school.levels.set([level])
    access = Permission.objects.get(codename="access_admin")
    for role in ("editors", "moderators"):
        group = Group.objects.create(name=f"{name} – {role}")
        group.permissions.add(access)
        setattr(school, f"{role}_group", group)
    school.save()
    return school


@pytest.fixture
def schools(site, units):
    c1, c2, c3 = _level("C1", "Tiểu học"), _level("C2", "THCS"), _level("C3", "THPT")
    provision = lambda name, code, *, unit, levels: make_school(  # noqa: E731
        name, code, unit=unit, level=levels[0]
    )
    return SimpleNamespace(
        primary_a=provision(
            "Trường Tiểu học Nghĩa Lộ", "51000102", unit=units.nghia_lo, levels=[c1]
        ),
        primary_b=provision(
            "Trường Tiểu học Cẩm Thành", "51000103", unit=units.cam_thanh, levels=[c1]
        ),
        lower=provision("Trường THCS Cẩm Thành", "51000104", unit=units.cam_thanh, levels=[c2]),
        upper_a=provision(
            "Trường THPT chuyên Lê Khiết", "51000106", unit=units.nghia_lo, levels=[c3]
        ),
        upper_b=provision("Trường THPT Sơn Mỹ", "51000107", unit=units.cam_thanh, levels=[c3]),
        upper_c=provision("Trường THPT Ba Tơ", "51000108", unit=units.cam_thanh, levels=[c3]),
    )


@pytest.fixture
def grade_1(site, schools, units):
    """Grade 1, registration open, a plan per primary school covering its own ward."""
    round_page = factories.round_in_phase(site.index, "open", grade=Grade.GRADE_1)
    factories.add_priority_group(round_page, "Con liệt sĩ", 200)
    factories.add_priority_group(
        round_page, "Dân tộc thiểu số", 100, needs_ethnicity=True, allows_older=True
    )
    plans = SimpleNamespace(
        a=factories.plan_publish(round_page, schools.primary_a, catchment=[units.nghia_lo]),
        b=factories.plan_publish(round_page, schools.primary_b, catchment=[units.cam_thanh]),
    )
    round_page.test_plans = plans
    return round_page


@pytest.fixture
def grade_10(site, schools):
    round_page = factories.round_in_phase(site.index, "open", grade=Grade.GRADE_10, max_choices=3)
    plans = [
        factories.plan_publish(
            round_page,
            school,
            programmes=[(Track.REGULAR, "", 90)]
            + ([(Track.SPECIALISED, "Chuyên Toán", 35)] if n == 0 else []),
        )
        for n, school in enumerate((schools.upper_a, schools.upper_b, schools.upper_c))
    ]
    round_page.test_plans = plans
    return round_page


def regular(plan):
    return plan.programmes.get(track=Track.REGULAR)


@pytest.fixture
def officers(db):
    return Group.objects.get(name=ensure_admissions_setup().name)


def child_birth(round_page, month=3, day=14):
    return datetime.date(round_page.birth_year, month, day)
