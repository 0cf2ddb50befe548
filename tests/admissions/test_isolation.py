"""Isolation between schools' staff: the back office shows a school the registrations to it
(grades 1 and 6) or naming it (grade 10), its own plans only, and a school never publishes a
plan itself: the department's approval workflow does."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Workflow

from admissions import factories
from admissions.models import AdmissionPlan, Track
from admissions.permissions import PlanPermissionPolicy
from tests.admissions.conftest import regular

QUEUE = "/admin/ho-so-truc-tuyen/"
PLANS = "/admin/snippets/admissions/admissionplan/"


@pytest.fixture
def staff(django_user_model):
    def make(username, school=None, group=None):
        user = django_user_model.objects.create_user(username, password="x")
        if school is not None:
            user.groups.add(school.editors_group)
        if group is not None:
            user.groups.add(group)
        return user

    return make


def test_a_schools_staff_see_only_registrations_to_their_school(client, staff, grade_1, units):
    a, b = grade_1.test_plans.a, grade_1.test_plans.b
    to_a = factories.register(grade_1, programmes=[regular(a)], unit=units.nghia_lo, serial=1)
    to_b = factories.register(grade_1, programmes=[regular(b)], unit=units.cam_thanh, serial=2)
    client.force_login(staff("a", a.school))
    queue = client.get(QUEUE).content.decode()
    assert to_a.code in queue and to_b.code not in queue
    assert client.get(f"{QUEUE}{to_a.pk}/").status_code == 200
    assert client.get(f"{QUEUE}{to_b.pk}/").status_code == 404


def test_grade_10_schools_named_as_later_choices_see_the_registration(
    client, staff, grade_10, schools, units
):
    first, second, third = (regular(plan) for plan in grade_10.test_plans)
    candidate = factories.register(grade_10, programmes=[first, second], unit=units.cam_thanh)
    for school, visible in (
        (schools.upper_a, True),
        (schools.upper_b, True),
        (schools.upper_c, False),
    ):
        client.force_login(staff(f"staff-{school.code}", school))
        assert (candidate.code in client.get(QUEUE).content.decode()) is visible
        assert client.get(f"{QUEUE}{candidate.pk}/").status_code == (200 if visible else 404)
    assert third.plan.school == schools.upper_c


def test_the_department_officers_see_every_registration(client, staff, grade_1, units, officers):
    made = [
        factories.register(grade_1, programmes=[regular(plan)], unit=units.nghia_lo, serial=n)
        for n, plan in enumerate((grade_1.test_plans.a, grade_1.test_plans.b), start=1)
    ]
    client.force_login(staff("officer", group=officers))
    queue = client.get(QUEUE).content.decode()
    assert all(application.code in queue for application in made)


def test_a_school_lists_and_opens_only_its_own_plans(client, staff, grade_1):
    a, b = grade_1.test_plans.a, grade_1.test_plans.b
    client.force_login(staff("a", a.school))
    listing = client.get(PLANS).content.decode()
    assert a.school.name in listing and b.school.name not in listing
    assert client.get(f"{PLANS}edit/{a.pk}/").status_code == 200
    for view in ("edit", "delete", "history", "inspect"):
        assert client.get(f"{PLANS}{view}/{b.pk}/").status_code == 404, view


def test_a_school_submits_its_plan_and_the_department_approves_it(
    client, staff, site, schools, officers
):
    round_page = factories.round_in_phase(site.index, "upcoming", grade=6)
    school_user = staff("lower", schools.lower)
    policy = PlanPermissionPolicy(AdmissionPlan)
    assert policy.user_has_permission(school_user, "add")
    assert not policy.user_has_permission(school_user, "publish")
    plan = AdmissionPlan(round=round_page, school=schools.lower, live=False)
    plan.save()
    plan.programmes.create(track=Track.REGULAR, quota=45, classes=1)
    revision = plan.save_revision(user=school_user)
    workflow = Workflow.objects.get(name="Duyệt kế hoạch tuyển sinh")
    workflow.start(plan, school_user)
    plan.refresh_from_db()
    assert not plan.live
    # The school's staff cannot approve it.
    task_state = plan.current_workflow_task_state
    task = task_state.task.specific
    assert task.get_actions(plan, school_user) == []
    officer = staff("officer", group=officers)
    assert "approve" in [action for action, *_rest in task.get_actions(plan, officer)]
    task.on_action(task_state, officer, "approve")
    plan.refresh_from_db()
    assert plan.live
    assert plan.live_revision_id == revision.pk


def test_a_school_cannot_add_a_plan_for_another_school(client, staff, grade_1, schools):
    client.force_login(staff("a", grade_1.test_plans.a.school))
    form = client.get(f"{PLANS}add/").content.decode()
    assert schools.primary_a.name in form
    assert schools.upper_c.name not in form


def test_plan_permissions_of_department_staff_come_from_their_group(staff, officers):
    officer = staff("officer", group=officers)
    assert PlanPermissionPolicy(AdmissionPlan).user_has_permission(officer, "publish")
    nobody = staff("nobody")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert not PlanPermissionPolicy(AdmissionPlan).user_has_permission(nobody, "change")
    assert Group.objects.filter(name=officers.name).exists()
