"""The grade-1 registration through the engine's journey: eligibility on each page (ID
structure, age, catchment), the typed rows written on submission, one registration per
child, and nothing half-written when a rule refuses."""

import datetime

import pytest
from django.utils.translation import gettext

from admissions import factories, services
from admissions.models import Registration, RegistrationChoice
from applications.models import Application
from tests.admissions.conftest import child_birth, regular
from tests.admissions.journey import (
    child_page,
    code_of,
    grade_1_pages,
    post_step,
    residence_page,
    submit,
)

NO_ADVANTAGE = gettext(
    "The time you submit within the window gives no advantage: places are never given first "
    "come, first served."
)


@pytest.fixture
def born(grade_1):
    return child_birth(grade_1)


def test_a_parent_registers_a_child_and_gets_a_receipt_code(client, grade_1, units, born):
    programme = regular(grade_1.test_plans.a)
    start = client.get(grade_1.journey_url("start"))
    assert start.status_code == 200
    assert NO_ADVANTAGE in start.content.decode()  # said up front
    response = submit(
        client,
        grade_1,
        grade_1_pages(
            grade_1, programme, units.nghia_lo, birth=born, personal_id=factories.child_id(born)
        ),
    )
    assert response.status_code == 302
    application = Application.objects.get(code=code_of(response))
    registration = Registration.objects.get(application=application)
    assert application.school == grade_1.test_plans.a.school
    assert application.applicant_name == "Nguyễn Minh Khang"
    assert application.applicant_birth_date == born
    assert application.consent_text == grade_1.consent_text
    assert registration.residence_unit == units.nghia_lo
    assert registration.in_catchment
    assert registration.active and not registration.practice
    assert list(registration.choices.values_list("rank", "programme")) == [(1, programme.pk)]
    assert not registration.child_consent  # a six-year-old is not asked
    confirmation = client.get(response["Location"])
    assert application.code in confirmation.content.decode()


def test_the_school_page_offers_only_the_schools_covering_the_commune(client, grade_1, units, born):
    post_step(
        client, grade_1, 1, child_page(grade_1, birth=born, personal_id=factories.child_id(born))
    )
    post_step(client, grade_1, 2, residence_page(units.nghia_lo))
    page = client.get(grade_1.journey_url("step", step="3")).content.decode()
    assert grade_1.test_plans.a.school.name in page
    assert grade_1.test_plans.b.school.name not in page
    # Posting the other school's programme anyway is refused, with a message, and not kept.
    response = post_step(client, grade_1, 3, {"programme": str(regular(grade_1.test_plans.b).pk)})
    assert response.status_code == 400
    assert gettext("Choose one of the options.") in response.content.decode()


def test_a_later_page_needs_the_pages_before_it(client, grade_1):
    response = client.get(grade_1.journey_url("step", step="3"))
    assert response.status_code == 302
    assert response["Location"].endswith("/buoc-1/")


@pytest.mark.parametrize(
    ("personal_id", "birth_delta_years", "female"),
    [
        ("051221000123", 1, False),  # the number says 2021, the date 2022
        ("051321000123", 0, False),  # the number is a girl's
        ("003221000123", 0, False),  # no such province
    ],
)
def test_the_child_page_checks_the_id_against_the_child(
    client, grade_1, personal_id, birth_delta_years, female
):
    born = datetime.date(2021, 3, 14).replace(year=2021 + birth_delta_years)
    response = post_step(
        client, grade_1, 1, child_page(grade_1, birth=born, personal_id=personal_id, female=female)
    )
    assert response.status_code == 400
    assert 'id="id_personal_id"' in response.content.decode()
    assert (
        "aria-invalid" in response.content.decode() or "form__errors" in response.content.decode()
    )


def test_a_child_too_young_is_refused_on_the_first_page(client, grade_1):
    born = datetime.date(grade_1.birth_year + 1, 1, 2)
    response = post_step(
        client, grade_1, 1, child_page(grade_1, birth=born, personal_id=factories.child_id(born))
    )
    assert response.status_code == 400
    assert str(grade_1.birth_year + 1) in response.content.decode()


def test_an_older_child_needs_a_group_that_allows_it(client, grade_1, units):
    born = datetime.date(grade_1.birth_year - 1, 5, 5)
    pages = grade_1_pages(
        grade_1,
        regular(grade_1.test_plans.a),
        units.nghia_lo,
        birth=born,
        personal_id=factories.child_id(born),
    )
    for number, data in enumerate(pages[:4], start=1):
        assert post_step(client, grade_1, number, data).status_code == 302
    refused = post_step(client, grade_1, 5, {"priority": ""})
    assert refused.status_code == 400
    group = grade_1.priority_groups.get(allows_older=True)
    # The group needs the ethnicity and evidence: each is asked for, then accepted.
    missing = post_step(client, grade_1, 5, {"priority": str(group.pk)})
    assert missing.status_code == 400
    from tests.applications.helpers import pdf_upload

    accepted = post_step(
        client,
        grade_1,
        5,
        {"priority": str(group.pk), "ethnicity": "Hrê", "evidence": pdf_upload()},
    )
    assert accepted.status_code == 302


def test_ethnicity_is_not_kept_without_a_claim_that_needs_it(client, grade_1, units, born):
    pages = grade_1_pages(
        grade_1,
        regular(grade_1.test_plans.a),
        units.nghia_lo,
        birth=born,
        personal_id=factories.child_id(born),
    )
    pages[4] = {"priority": "", "ethnicity": "Kinh"}
    response = submit(client, grade_1, pages)
    registration = Registration.objects.get(application__code=code_of(response))
    assert registration.ethnicity == ""
    assert "Kinh" not in str(registration.application.answers)


def test_a_second_registration_at_the_same_school_is_refused_and_nothing_is_written(
    client, grade_1, units, born
):
    personal_id = factories.child_id(born)
    pages = grade_1_pages(
        grade_1, regular(grade_1.test_plans.a), units.nghia_lo, birth=born, personal_id=personal_id
    )
    submit(client, grade_1, pages)
    client.cookies.clear()  # another browser, the other parent
    before = (
        Application.objects.count(),
        Registration.objects.count(),
        RegistrationChoice.objects.count(),
    )
    again = submit(client, grade_1, pages)
    assert again.status_code == 400
    assert str(services.DUPLICATE_MESSAGE) in again.content.decode()
    after = (
        Application.objects.count(),
        Registration.objects.count(),
        RegistrationChoice.objects.count(),
    )
    assert after == before


def test_a_second_registration_at_another_school_is_flagged_for_the_department(
    grade_1, units, born
):
    personal_id = factories.child_id(born)
    first = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        personal_id=personal_id,
    )
    second = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.b)],
        unit=units.cam_thanh,
        personal_id=personal_id,
    )
    flagged = Registration.objects.get(application=second)
    assert not flagged.active
    assert flagged.duplicate_of_id == first.pk
    assert Registration.objects.get(application=first).active


def test_a_refused_registration_frees_the_child_for_another(grade_1, units, born):
    from applications.services import application_transition
    from applications.status import Actor, Status

    personal_id = factories.child_id(born)
    first = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        personal_id=personal_id,
    )
    for status in (Status.RECEIVED, Status.IN_REVIEW):
        application_transition(application=first, to_status=status, actor=Actor.STAFF)
    application_transition(
        application=first, to_status=Status.REJECTED, actor=Actor.STAFF, note="Sai địa bàn."
    )
    assert not Registration.objects.get(application=first).active
    second = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        personal_id=personal_id,
    )
    assert Registration.objects.get(application=second).active


def test_a_closed_round_takes_no_registration(client, grade_1):
    factories.set_phase(grade_1, "closed")
    assert client.get(grade_1.journey_url("start")).status_code == 404
    assert client.get(grade_1.journey_url("step", step="1")).status_code == 404


def test_the_practice_window_marks_registrations_and_they_are_wiped_after(
    client, grade_1, units, born
):
    factories.set_phase(grade_1, "practice")
    page = client.get(grade_1.url).content.decode()
    assert (
        gettext(
            "This is the practice window: registrations made now are marked as practice and "
            "deleted when it closes. Try the steps without pressure."
        )
        in page
    )
    response = submit(
        client,
        grade_1,
        grade_1_pages(
            grade_1,
            regular(grade_1.test_plans.a),
            units.nghia_lo,
            birth=born,
            personal_id=factories.child_id(born),
        ),
    )
    registration = Registration.objects.get(application__code=code_of(response))
    assert registration.practice
    # A real registration for the same child is not blocked by the practice one.
    factories.set_phase(grade_1, "open")
    real = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        personal_id=registration.child_personal_id,
    )
    assert Registration.objects.get(application=real).active
    assert services.practice_wipe() == 1
    assert not Registration.objects.filter(practice=True).exists()
    assert not Application.objects.filter(pk=registration.pk).exists()
    assert Application.objects.filter(pk=real.pk).exists()
