"""Grade 10: up to K ranked choices, the optional tracks, and the change window during which
the order may change (each change in the history) until it locks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from admissions import factories, services
from admissions.models import Registration, Track
from applications.models import ApplicationEvent
from tests.admissions.conftest import child_birth, regular
from tests.admissions.journey import code_of, grade_10_pages, post_step, submit


@pytest.fixture
def programmes(grade_10):
    return [regular(plan) for plan in grade_10.test_plans]


@pytest.fixture
def candidate(grade_10, programmes, units):
    born = child_birth(grade_10)
    return factories.register(
        grade_10, programmes=programmes, unit=units.cam_thanh, birth_date=born, serial=7
    )


def test_a_candidate_ranks_three_choices_and_a_specialised_class(
    client, grade_10, programmes, units
):
    born = child_birth(grade_10)
    specialised = grade_10.test_plans[0].programmes.get(track=Track.SPECIALISED)
    pages = grade_10_pages(
        grade_10,
        programmes[::-1],
        units.cam_thanh,
        birth=born,
        personal_id=factories.child_id(born),
        extra=[specialised],
    )
    response = submit(client, grade_10, pages, child_consent=True)
    assert response.status_code == 302
    registration = Registration.objects.get(application__code=code_of(response))
    ranked = list(registration.choices.filter(track=Track.REGULAR).values_list("rank", "programme"))
    assert ranked == [(1, programmes[2].pk), (2, programmes[1].pk), (3, programmes[0].pk)]
    assert registration.choices.get(track=Track.SPECIALISED).programme == specialised
    # The first choice's school verifies; the child (15) consented too, with the text kept.
    assert registration.application.school == programmes[2].plan.school
    assert registration.child_consent
    assert registration.child_consent_text == grade_10.child_consent_text


def test_no_more_than_k_choices_and_none_twice_or_with_a_gap(client, grade_10, programmes, units):
    born = child_birth(grade_10)
    pages = grade_10_pages(
        grade_10, programmes, units.cam_thanh, birth=born, personal_id=factories.child_id(born)
    )
    for number, data in enumerate(pages[:2], start=1):
        assert post_step(client, grade_10, number, data).status_code == 302
    form = client.get(grade_10.journey_url("step", step="3")).content.decode()
    assert 'name="choice_3"' in form and 'name="choice_4"' not in form
    twice = post_step(
        client, grade_10, 3, {"choice_1": programmes[0].pk, "choice_2": programmes[0].pk}
    )
    assert twice.status_code == 400
    assert gettext("This school is already one of your choices.") in twice.content.decode()
    gap = post_step(
        client, grade_10, 3, {"choice_1": programmes[0].pk, "choice_3": programmes[1].pk}
    )
    assert gap.status_code == 400
    fourth = post_step(
        client,
        grade_10,
        3,
        {
            "choice_1": programmes[0].pk,
            "choice_2": programmes[1].pk,
            "choice_3": programmes[2].pk,
            "choice_4": programmes[0].pk,
        },
    )
    assert fourth.status_code == 302
    assert "choice_4" not in client.session["services_journeys"][str(grade_10.pk)]["steps"]["3"]


def test_the_order_changes_in_the_window_and_each_change_is_in_the_history(candidate, programmes):
    registration = Registration.objects.get(application=candidate)
    services.choices_change(registration=registration, programmes=[programmes[1], programmes[0]])
    ranked = list(
        registration.choices.filter(track=Track.REGULAR).values_list("programme", flat=True)
    )
    assert ranked == [programmes[1].pk, programmes[0].pk]
    candidate.refresh_from_db()
    assert candidate.school == programmes[1].plan.school  # the new first choice's school
    note = ApplicationEvent.objects.filter(application=candidate, kind="note").last()
    assert note.visible_to_applicant
    assert "NV1" in note.note and str(programmes[1]) in note.note


def test_more_than_k_or_twice_is_refused(grade_10, candidate, programmes):
    registration = Registration.objects.get(application=candidate)
    with pytest.raises(ValidationError):
        services.choices_change(registration=registration, programmes=programmes + programmes[:1])
    with pytest.raises(ValidationError):
        services.choices_change(
            registration=registration, programmes=[programmes[0], programmes[0]]
        )


def test_after_the_window_the_order_is_locked(grade_10, candidate, programmes):
    registration = Registration.objects.get(application=candidate)
    factories.set_phase(grade_10, "changes")
    services.choices_change(registration=registration, programmes=programmes[::-1])
    factories.set_phase(grade_10, "closed")
    with pytest.raises(ValidationError) as locked:
        services.choices_change(registration=registration, programmes=programmes)
    assert locked.value.code == "locked"
    assert list(
        registration.choices.filter(track=Track.REGULAR).values_list("programme", flat=True)
    ) == [p.pk for p in programmes[::-1]]


def test_changing_from_the_tracking_page(client, site, grade_10, candidate, programmes):
    tracking = site.catalogue
    found = client.post(
        tracking.tracking_route("track"),
        {"code": candidate.code, "birth_date": candidate.applicant_birth_date.isoformat()},
    )
    assert found.status_code == 302
    detail = client.get(tracking.tracking_route("tracked")).content.decode()
    assert 'id="change-choices"' in detail
    url = grade_10.url + grade_10.reverse_subpage("change_choices")
    form = client.get(url)
    assert form.status_code == 200
    changed = client.post(url, {"choice_1": programmes[2].pk, "choice_2": programmes[0].pk})
    assert changed.status_code == 302
    registration = Registration.objects.get(application=candidate)
    assert [c.programme_id for c in registration.choices.filter(track=Track.REGULAR)] == [
        programmes[2].pk,
        programmes[0].pk,
    ]
    factories.set_phase(grade_10, "closed")
    locked = client.get(url).content.decode()
    assert 'id="choices-locked"' in locked
    refused = client.post(url, {"choice_1": programmes[1].pk})
    assert refused.status_code == 400
    assert (
        'id="change-choices"' not in client.get(tracking.tracking_route("tracked")).content.decode()
    )


def test_another_session_cannot_change_a_registration(client, grade_10, candidate, programmes):
    url = grade_10.url + grade_10.reverse_subpage("change_choices")
    response = client.post(url, {"choice_1": programmes[2].pk})
    assert response.status_code == 302  # to the tracking form: nothing looked up
    registration = Registration.objects.get(application=candidate)
    assert registration.choices.get(track=Track.REGULAR, rank=1).programme == programmes[0]


def test_the_date_of_birth_is_a_grade_10_candidates(client, grade_10):
    too_old = datetime.date(grade_10.birth_year - 4, 1, 1)
    response = post_step(
        client,
        grade_10,
        1,
        {
            "name": "A",
            "birth_date": too_old.isoformat(),
            "gender": "male",
            "personal_id": factories.child_id(too_old),
            "phone": "0905123456",
        },
    )
    assert response.status_code == 400
