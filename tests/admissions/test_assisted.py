"""Assisted registration at a help desk: an officer registers on a family's behalf with the
parent's consent as a signed paper form or an SMS code; the history says so; the family gets
the same receipt code."""

import re

import pytest
from django.test import override_settings

from admissions import factories
from admissions.models import Registration
from applications.models import Attachment
from tests.admissions.conftest import child_birth, regular
from tests.admissions.journey import code_of, grade_1_pages, post_step
from tests.applications.helpers import pdf_upload
from tests.applications.test_notifications import Gateway


@pytest.fixture
def officer(django_user_model, grade_1):
    user = django_user_model.objects.create_user(
        "canbo", password="x", first_name="Lan", last_name="Trần"
    )
    user.groups.add(grade_1.test_plans.a.school.editors_group)
    return user


def fill(client, grade_1, units):
    born = child_birth(grade_1)
    pages = grade_1_pages(
        grade_1,
        regular(grade_1.test_plans.a),
        units.nghia_lo,
        birth=born,
        personal_id=factories.child_id(born),
    )
    for number, data in enumerate(pages, start=1):
        assert post_step(client, grade_1, number, data).status_code == 302
    check = client.get(grade_1.journey_url("check")).content.decode()
    return check, re.search(r'name="token" value="([^"]+)"', check).group(1)


def test_a_family_sees_no_assisted_options(client, grade_1, units):
    check, _token = fill(client, grade_1, units)
    assert 'name="consent_method"' not in check


def test_an_officer_registers_with_the_signed_paper_form(client, grade_1, units, officer):
    client.force_login(officer)
    check, token = fill(client, grade_1, units)
    assert 'name="consent_method"' in check
    missing = client.post(
        grade_1.journey_url("check"), {"token": token, "consent": "on", "consent_method": "paper"}
    )
    assert missing.status_code == 400
    assert not Registration.objects.exists()
    response = client.post(
        grade_1.journey_url("check"),
        {
            "token": token,
            "consent": "on",
            "consent_method": "paper",
            "consent_form": pdf_upload("don.pdf"),
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(application__code=code_of(response))
    assert registration.assisted_by == officer
    assert Attachment.objects.filter(
        application=registration.application, field_name="consent_form"
    ).exists()
    note = registration.application.events.filter(kind="note").get()
    assert note.user == officer and note.visible_to_applicant
    assert officer.get_full_name() in note.note


def test_an_officer_registers_with_a_code_sent_to_the_parent(client, grade_1, units, officer):
    gateway = Gateway()
    gateway.thread.start()
    try:
        with override_settings(
            SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_TOKEN="t", SMS_SENDER="SO GDDT"
        ):
            client.force_login(officer)
            _check, token = fill(client, grade_1, units)
            sent = client.post(grade_1.journey_url("assist_code"), {"token": token})
            assert sent.status_code == 302
            message = gateway.requests[-1]["json"]
            assert message["to"] == "+84905123456"
            code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
            wrong = client.post(
                grade_1.journey_url("check"),
                {
                    "token": token,
                    "consent": "on",
                    "consent_method": "sms",
                    "consent_code": "000000" if code != "000000" else "111111",
                },
            )
            assert wrong.status_code == 400
            response = client.post(
                grade_1.journey_url("check"),
                {"token": token, "consent": "on", "consent_method": "sms", "consent_code": code},
            )
            assert response.status_code == 302
            registration = Registration.objects.get(application__code=code_of(response))
            assert registration.assisted_by == officer
    finally:
        gateway.server.shutdown()
        gateway.server.server_close()


def test_a_family_cannot_ask_for_a_consent_code(client, grade_1, units):
    _check, token = fill(client, grade_1, units)
    assert client.post(grade_1.journey_url("assist_code"), {"token": token}).status_code == 404
