"""Results and confirmation: grades 1 and 6 seated by catchment, priority and a published
lottery; the family confirms online before the deadline; reminders at the round's intervals;
an unconfirmed place released after it, and the family told each time."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from admissions import factories, services
from admissions.models import Outcome, Registration
from applications.models import ApplicationEvent, Notification
from applications.services import application_transition
from applications.status import Actor, Status
from tests.admissions.conftest import regular


def approve(application):
    for status in (Status.RECEIVED, Status.IN_REVIEW, Status.APPROVED):
        application_transition(application=application, to_status=status, actor=Actor.STAFF)


@pytest.fixture
def registrations(grade_1, units):
    """Four children for school A's 2 places: two out of the catchment, one with priority."""
    programme = regular(grade_1.test_plans.a)
    programme.quota = 2
    programme.save()
    martyr = grade_1.priority_groups.get(points_hundredths=200)
    made = {
        "outside": factories.register(
            grade_1, programmes=[programme], unit=units.cam_thanh, serial=1
        ),
        "outside_priority": factories.register(
            grade_1, programmes=[programme], unit=units.cam_thanh, serial=2, priority_group=martyr
        ),
        "inside": factories.register(
            grade_1, programmes=[programme], unit=units.nghia_lo, serial=3
        ),
        "unverified": factories.register(
            grade_1, programmes=[programme], unit=units.nghia_lo, serial=4
        ),
    }
    for key in ("outside", "outside_priority", "inside"):
        approve(made[key])
    return made


def outcome(application):
    return Registration.objects.get(application=application).outcome


def test_places_go_by_catchment_then_priority_never_by_arrival(grade_1, registrations):
    factories.set_phase(grade_1, "results")
    admitted = services.results_assign_by_priority(round_page=grade_1, seed="2027-published")
    assert list(admitted.values()) == [2]
    assert outcome(registrations["inside"]) == Outcome.ADMITTED
    assert outcome(registrations["outside_priority"]) == Outcome.ADMITTED
    assert outcome(registrations["outside"]) == Outcome.NOT_ADMITTED
    assert outcome(registrations["unverified"]) == Outcome.PENDING  # not verified: not seated


def test_the_lottery_is_reproducible_from_the_published_seed():
    first = [services.lottery_number("seed-2027", f"HS{n}") for n in range(50)]
    assert first == [services.lottery_number("seed-2027", f"HS{n}") for n in range(50)]
    assert first != [services.lottery_number("seed-2028", f"HS{n}") for n in range(50)]
    assert len(set(first)) == 50


@pytest.fixture
def admitted(grade_1, units):
    application = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        email="me@example.vn",
    )
    approve(application)
    factories.set_phase(grade_1, "results")
    services.outcome_set(
        registration=Registration.objects.get(application=application),
        programme=regular(grade_1.test_plans.a),
    )
    return application


def test_the_family_confirms_online_from_the_tracking_page(client, site, grade_1, admitted):
    tracking = site.catalogue
    client.post(
        tracking.tracking_route("track"),
        {"code": admitted.code, "birth_date": admitted.applicant_birth_date.isoformat()},
    )
    detail = client.get(tracking.tracking_route("tracked")).content.decode()
    assert 'id="confirm-enrolment"' in detail
    assert str(Outcome.ADMITTED.label) in detail
    response = client.post(grade_1.url + grade_1.reverse_subpage("confirm"))
    assert response.status_code == 302
    registration = Registration.objects.get(application=admitted)
    assert registration.outcome == Outcome.CONFIRMED and registration.confirmed_at
    detail = client.get(tracking.tracking_route("tracked")).content.decode()
    assert 'id="confirm-enrolment"' not in detail
    assert str(Outcome.CONFIRMED.label) in detail


def test_confirming_needs_the_tracked_session(client, grade_1, admitted):
    client.post(grade_1.url + grade_1.reverse_subpage("confirm"))
    assert outcome(admitted) == Outcome.ADMITTED


def test_after_the_deadline_no_confirmation_and_the_place_is_released(grade_1, admitted):
    registration = Registration.objects.get(application=admitted)
    later = grade_1.confirm_by + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        services.registration_confirm(registration=registration, now=later)
    assert services.places_release(now=grade_1.confirm_by - datetime.timedelta(minutes=1)) == 0
    assert services.places_release(now=later) == 1
    assert outcome(admitted) == Outcome.RELEASED
    told = ApplicationEvent.objects.filter(application=admitted, kind="note").last()
    assert told.visible_to_applicant
    assert str(regular(grade_1.test_plans.a)) in told.note
    assert Notification.objects.filter(application=admitted, event=told).exists()
    assert services.places_release(now=later) == 0  # once


def test_reminders_at_each_interval_before_the_deadline_once_each(grade_1, admitted):
    grade_1.reminder_days = "5,2,1"
    grade_1.save()
    deadline = grade_1.confirm_by
    day = datetime.timedelta(days=1)
    assert services.reminders_send(now=deadline - 6 * day) == 0
    assert services.reminders_send(now=deadline - 5 * day) == 1
    assert services.reminders_send(now=deadline - 4 * day) == 0
    assert services.reminders_send(now=deadline - 2 * day) == 1
    assert services.reminders_send(now=deadline - 2 * day) == 0
    assert services.reminders_send(now=deadline - datetime.timedelta(hours=3)) == 1
    notes = ApplicationEvent.objects.filter(application=admitted, kind="note", actor=Actor.SYSTEM)
    assert notes.count() == 3
    assert Notification.objects.filter(application=admitted, event__in=notes).count() == 3
    # A confirmed place is not reminded.
    services.registration_confirm(
        registration=Registration.objects.get(application=admitted), now=deadline - 2 * day
    )


def test_a_confirmed_place_gets_no_reminder(grade_1, admitted):
    services.registration_confirm(registration=Registration.objects.get(application=admitted))
    assert services.reminders_send(now=grade_1.confirm_by - datetime.timedelta(hours=1)) == 0


def test_the_daily_command_runs_reminders_release_and_practice_wipe(grade_1, admitted, capsys):
    call_command(
        "admissions_due", now=(grade_1.confirm_by + datetime.timedelta(hours=1)).isoformat()
    )
    assert outcome(admitted) == Outcome.RELEASED
    assert "1" in capsys.readouterr().out


def test_the_result_is_published_only_from_the_results_date(client, site, grade_1, units):
    application = factories.register(
        grade_1, programmes=[regular(grade_1.test_plans.a)], unit=units.nghia_lo
    )
    approve(application)
    school = grade_1.test_plans.a.school
    url = grade_1.url + grade_1.reverse_subpage(
        "admitted_list", kwargs={"school_code": school.code}
    )
    assert client.get(url).status_code == 404
    factories.set_phase(grade_1, "results")
    services.outcome_set(
        registration=Registration.objects.get(application=application),
        programme=regular(grade_1.test_plans.a),
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    page = response.content.decode()
    assert application.code in page and application.applicant_name in page
    assert application.applicant_personal_id not in page
    assert application.applicant_birth_date.strftime("%d/%m/%Y") not in page
    assert application.applicant_birth_date.strftime("**/%m/%Y") in page
    assert timezone.now()


def test_the_result_is_found_by_the_student_code_too(client, site, grade_1, units):
    pupil = factories.pupil(
        school_year=grade_1.school_year,
        birth_date=datetime.date(grade_1.birth_year, 2, 2),
        serial=77,
    )
    application = factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.a)],
        unit=units.nghia_lo,
        birth_date=pupil.birth_date,
        personal_id=pupil.personal_id,
        pupil=pupil,
    )
    tracking = site.catalogue
    wrong = client.post(
        tracking.tracking_route("track"), {"code": pupil.student_code, "birth_date": "2000-01-01"}
    )
    assert wrong.status_code == 200  # the same "not found" answer
    found = client.post(
        tracking.tracking_route("track"),
        {"code": pupil.student_code.lower(), "birth_date": pupil.birth_date.isoformat()},
    )
    assert found.status_code == 302
    assert application.code in client.get(tracking.tracking_route("tracked")).content.decode()


def test_the_school_asks_for_a_supplement_and_the_family_sends_it(client, site, grade_1, units):
    from tests.applications.helpers import pdf_upload

    application = factories.register(
        grade_1, programmes=[regular(grade_1.test_plans.a)], unit=units.nghia_lo
    )
    for status in (Status.RECEIVED, Status.IN_REVIEW):
        application_transition(application=application, to_status=status, actor=Actor.STAFF)
    application_transition(
        application=application,
        to_status=Status.SUPPLEMENT_REQUESTED,
        actor=Actor.STAFF,
        note="Đề nghị bổ sung ảnh giấy khai sinh rõ nét.",
    )
    tracking = site.catalogue
    client.post(
        tracking.tracking_route("track"),
        {"code": application.code, "birth_date": application.applicant_birth_date.isoformat()},
    )
    detail = client.get(tracking.tracking_route("tracked")).content.decode()
    assert "Đề nghị bổ sung ảnh giấy khai sinh rõ nét." in detail
    sent = client.post(
        tracking.tracking_route("supplement"),
        {"files": [pdf_upload("khai-sinh.pdf")], "note": "Đã bổ sung"},
    )
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUPPLEMENTED
    application_transition(application=application, to_status=Status.APPROVED, actor=Actor.STAFF)
    assert Registration.objects.get(application=application).active
