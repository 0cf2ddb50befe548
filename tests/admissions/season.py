"""A small admissions season for the dashboard and export tests: a round, schools with
approved plans, registrations through the real services, and the staff who look at them."""

import contextlib
import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from admissions import factories, services
from admissions.models import AdmissionPlan, Grade, Programme, Registration, Track
from admissions.setup import ensure_admissions_setup
from applications.services import application_transition
from applications.status import Actor, Status
from sites import factories as school_factories
from sites.models import School


def unit(code, name, unit_type="Phường"):
    return school_factories.AdministrativeUnitFactory(code=code, name=name, unit_type=unit_type)


def plain_school(n, *, unit_row, name=None, code=None):
    """A school row without its website (fast: for many schools)."""
    return School.objects.create(
        name=name or f"Trường Tiểu học Số {n:02d}",
        code=code or f"5100{n:04d}",
        slug=f"th-so-{n:02d}",
        school_type=school_factories.SchoolTypeFactory(),
        administrative_unit=unit_row,
    )


def staffed_school(n, *, unit_row, name, code):
    """A school with its editors group (who may use the admin), as provisioning makes it,
    without building its website (fast)."""
    school = plain_school(n, unit_row=unit_row, name=name, code=code)
    editors = Group.objects.create(name=f"Biên tập {code}")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    school.editors_group = editors
    school.save(update_fields=["editors_group"])
    return school


def round_page(home, *, phase="open", grade=Grade.GRADE_1, **kwargs):
    index = factories.AdmissionsIndexPageFactory(parent=home)
    return factories.round_in_phase(index, phase, grade=grade, **kwargs)


def plan(round_page, school, *, quota=70, direct=0, catchment=(), extra=()):
    plan = factories.plan_publish(
        round_page, school, programmes=((Track.REGULAR, "", quota), *extra), catchment=catchment
    )
    if direct:
        plan.programmes.filter(track=Track.REGULAR).update(direct_admissions=direct)
    return plan


def quick_plan(round_page, school, *, quota=35):
    """An approved plan written directly (no revision): for many schools at once."""
    plan = AdmissionPlan.objects.create(round=round_page, school=school, live=True)
    Programme.objects.create(plan=plan, track=Track.REGULAR, quota=quota, classes=1)
    return plan


@contextlib.contextmanager
def shared_data(django_db_blocker):
    """Rows made once for a whole test module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's `db`), as Django's setUpTestData."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def programme_of(plan, track=Track.REGULAR):
    return (
        plan.programmes.get(track=track)
        if track == Track.REGULAR
        else plan.programmes.filter(track=track).first()
    )


def register(round_page, programmes, *, unit_row, serial, **kwargs):
    application = factories.register(
        round_page, programmes=list(programmes), unit=unit_row, serial=serial, **kwargs
    )
    return Registration.objects.get(application=application)


def verify(registration, *to):
    """Move a registration through the school's verification (received, in review, …)."""
    application = registration.application
    for status in to:
        note = (
            "Đề nghị bổ sung." if status in (Status.SUPPLEMENT_REQUESTED, Status.REJECTED) else ""
        )
        application = application_transition(
            application=application, to_status=status, actor=Actor.STAFF, note=note
        )
    return application


REVIEW = (Status.RECEIVED, Status.IN_REVIEW)


def admit(registration, programme):
    return services.outcome_set(registration=registration, programme=programme)


def officer(django_user_model, username="canbo_ts"):
    """A department admissions officer (the group made after migrate)."""
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(ensure_admissions_setup())
    return user


def school_clerk(django_user_model, school, username):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(school.editors_group)
    return user


def admin_user_without_admissions(django_user_model, username="khac"):
    user = django_user_model.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group, _created = Group.objects.get_or_create(name="Văn phòng Sở")
    user.groups.add(group)
    return user


def birth(round_page, month=3, day=14):
    return datetime.date(round_page.birth_year, month, day)
