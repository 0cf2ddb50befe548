"""A family asks for a correction of the pre-loaded data, with evidence, after a successful
look-up; the current school accepts (the row is corrected, old and new values in the audit
log) or refuses with a reason the family sees when they start again."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from admissions import corrections, factories
from admissions.models import Gender, PupilCorrection, Stage
from applications.models import Attachment
from tests.applications.helpers import pdf_upload, png_bytes

from .pupils_helpers import officer, school_staff, two_schools

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and import jobs live in the cache: each test starts without any.
    cache.clear()
    yield
    cache.clear()


BIRTH = datetime.date(2021, 3, 14)


@pytest.fixture
def setting(home):
    schools = two_schools()
    index = factories.AdmissionsIndexPageFactory(parent=home)
    round_page = factories.round_in_phase(index, "open", school_year=2027)
    pupil = factories.pupil(
        school_year=2027,
        stage=Stage.PRESCHOOL,
        birth_date=BIRTH,
        full_name="Nguyễn Minh Khang",
        current_school=schools[0],
        current_school_name=schools[0].name,
        unit=schools[0].administrative_unit,
    )
    return round_page, pupil, schools


def correction_url(page):
    return page.url + page.reverse_subpage("correction")


def look_up(client, page, pupil):
    response = client.post(
        page.url + page.reverse_subpage("prefill"),
        {"student_code": pupil.student_code, "birth_date": pupil.birth_date.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302  # found: on to the pre-filled journey
    return response


def ask(client, page, *, field="full_name", value="Nguyễn Minh Khanh", evidence=None, **extra):
    data = {"field": field, "value": value, **extra}
    if evidence is not False:
        data["evidence"] = evidence or SimpleUploadedFile("giay-khai-sinh.png", png_bytes())
    return client.post(correction_url(page), data)


def test_the_form_is_only_reached_after_a_successful_look_up(setting, client):
    page, pupil, _schools = setting
    response = client.get(correction_url(page))
    assert response.status_code == 302 and response["Location"].endswith("tu-du-lieu-nganh/")
    assert ask(client, page).status_code == 403
    # A failed look-up does not open it either.
    client.post(
        page.url + page.reverse_subpage("prefill"),
        {"student_code": pupil.student_code, "birth_date": "01/01/2021"},
    )
    assert client.get(correction_url(page)).status_code == 302
    # A forged token in the session does not either.
    session = client.session
    session["services_journeys"] = {
        str(page.pk): {"token": "x", "steps": {"1": {"pupil": [f"{pupil.pk}:forged"]}}, "files": {}}
    }
    session.save()
    assert client.get(correction_url(page)).status_code == 302
    assert not PupilCorrection.objects.exists()


def test_a_family_asks_with_evidence_and_the_school_accepts(setting, client, django_user_model):
    page, pupil, schools = setting
    look_up(client, page, pupil)
    form_page = client.get(correction_url(page))
    assert form_page.status_code == 200 and "Nguyễn Minh Khang" in form_page.content.decode()

    response = ask(client, page, evidence=pdf_upload("giay-khai-sinh.pdf"))
    assert response.status_code == 302 and "da-gui=1" in response["Location"]
    correction = PupilCorrection.objects.get()
    assert (correction.field, correction.proposed, correction.status) == (
        "full_name",
        "Nguyễn Minh Khanh",
        "pending",
    )
    evidence = correction.evidence
    assert evidence.content_type == "application/pdf" and evidence.application is None
    assert evidence.file.storage.exists(evidence.file.name)
    # The engine's purge of abandoned journeys' files leaves the evidence alone.
    from applications.retention import purge_abandoned_uploads

    purge_abandoned_uploads(now=timezone.now() + datetime.timedelta(days=60))
    evidence.refresh_from_db()
    assert evidence.file.storage.exists(evidence.file.name)
    assert ModelLogEntry.objects.filter(action=corrections.REQUEST_ACTION).count() == 1

    # The other school's staff neither see it nor reach it.
    other = school_staff(django_user_model, schools[1], "gv-sonca")
    client.force_login(other)
    listing = client.get(reverse("admissions_pupils:corrections")).content.decode()
    assert reverse("admissions_pupils:correction", args=[correction.pk]) not in listing
    assert (
        client.get(reverse("admissions_pupils:correction", args=[correction.pk])).status_code == 404
    )
    assert (
        client.get(reverse("admissions_pupils:evidence", args=[correction.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("admissions_pupils:correction", args=[correction.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )

    staff = school_staff(django_user_model, schools[0], "gv-hoasen")
    client.force_login(staff)
    listing = client.get(reverse("admissions_pupils:corrections")).content.decode()
    assert reverse("admissions_pupils:correction", args=[correction.pk]) in listing
    detail = client.get(reverse("admissions_pupils:correction", args=[correction.pk]))
    assert "Nguyễn Minh Khanh" in detail.content.decode()
    download = client.get(reverse("admissions_pupils:evidence", args=[correction.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("admissions_pupils:correction", args=[correction.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.full_name == "Nguyễn Minh Khanh"
    correction.refresh_from_db()
    assert correction.status == "accepted" and correction.decided_by == staff
    entry = ModelLogEntry.objects.get(action=corrections.CORRECT_ACTION)
    assert entry.user == staff and entry.object_id == str(pupil.pk)
    assert entry.data == {
        "correction": correction.pk,
        "field": "full_name",
        "old": "Nguyễn Minh Khang",
        "new": "Nguyễn Minh Khanh",
    }
    # Views of the request and of its evidence are in the audit log too.
    assert ModelLogEntry.objects.filter(action="admissions.view_pupils", user=staff).count() >= 3
    # Decided once: a second decision is refused.
    again = client.post(
        reverse("admissions_pupils:correction", args=[correction.pk]),
        {"decision": "refuse", "reason": "x"},
    )
    assert again.status_code == 400
    assert PupilCorrection.objects.get().status == "accepted"


def test_a_refusal_needs_a_reason_which_the_family_sees_when_they_start_again(
    setting, client, django_user_model
):
    page, pupil, schools = setting
    look_up(client, page, pupil)
    ask(client, page, field="birth_date", value="15/03/2021")
    correction = PupilCorrection.objects.get()
    assert correction.proposed == "2021-03-15"

    family = client.session.session_key
    staff_client = type(client)()
    staff_client.force_login(officer(django_user_model))  # the department may decide too
    url = reverse("admissions_pupils:correction", args=[correction.pk])
    assert staff_client.post(url, {"decision": "refuse", "reason": "  "}).status_code == 400
    assert PupilCorrection.objects.get().status == "pending"
    reason = "Giấy khai sinh gửi kèm ghi ngày 14/03/2021."
    assert staff_client.post(url, {"decision": "refuse", "reason": reason}).status_code == 302
    pupil.refresh_from_db()
    assert pupil.birth_date == BIRTH  # unchanged
    assert ModelLogEntry.objects.filter(action=corrections.REFUSE_ACTION).exists()

    assert client.session.session_key == family
    look_up(client, page, pupil)  # the family starts again
    text = client.get(correction_url(page)).content.decode()
    assert reason in text and str(PupilCorrection.Status.REFUSED.label) in text


BAD_REQUESTS = [
    ({"field": "birth_date", "value": "32/13/2021"}, "value"),
    ({"field": "birth_date", "value": "14/03/2099"}, "value"),
    ({"field": "gender", "value": "?"}, "value"),
    ({"field": "personal_id", "value": "12345"}, "value"),
    ({"field": "personal_id", "value": "999321000001"}, "value"),
    ({"field": "unit", "unit": "khong-co"}, "unit"),
    ({"field": "email"}, "field"),
    ({"field": "full_name", "value": ""}, "value"),
    ({"field": "full_name", "value": "Nguyễn Minh Khang"}, "__all__"),  # the same value
    (
        {
            "field": "full_name",
            "value": "Nguyễn Minh Khanh",
            "evidence": SimpleUploadedFile("a.png", b"just text, not an image"),
        },
        "evidence",
    ),
    ({"field": "full_name", "value": "Nguyễn Minh Khanh", "evidence": False}, "evidence"),
]


def test_bad_requests_get_a_400_a_message_and_keep_nothing(setting, client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 100
    page, pupil, _schools = setting
    look_up(client, page, pupil)
    for fields, error_field in BAD_REQUESTS:
        if isinstance(fields.get("evidence"), SimpleUploadedFile):
            fields["evidence"].seek(0)
        response = ask(client, page, **fields)
        assert response.status_code == 400, fields
        errors = response.context["form"].errors
        assert error_field in errors, (fields, errors)
        assert errors[error_field][0] and response.context["form"].has_error(error_field)
    assert not PupilCorrection.objects.exists()
    assert not Attachment.objects.exists()


def test_a_second_request_for_the_same_field_waits_for_the_first(setting, client):
    page, pupil, _schools = setting
    look_up(client, page, pupil)
    assert ask(client, page).status_code == 302
    response = ask(client, page, value="Nguyễn Minh Khiêm")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        _("A correction of this field is already waiting for the school's decision.")
    ]
    assert ask(client, page, field="gender", value="Nữ").status_code == 302
    assert PupilCorrection.objects.count() == 2
    assert Attachment.objects.count() == 2


def test_requests_are_rate_limited(setting, client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    page, pupil, _schools = setting
    look_up(client, page, pupil)
    for _n in range(2):
        ask(client, page, field="birth_date", value="bad")
    response = ask(client, page)
    assert response.status_code == 429
    assert not PupilCorrection.objects.exists()


def test_the_listing_shows_the_waiting_corrections_of_a_schools_pupils(
    setting, client, django_user_model
):
    page, pupil, schools = setting
    look_up(client, page, pupil)
    ask(client, page, field="unit", unit=schools[1].administrative_unit.code)
    staff = school_staff(django_user_model, schools[0], "gv-hoasen")
    client.force_login(staff)
    correction = PupilCorrection.objects.get()
    assert (
        client.post(
            reverse("admissions_pupils:correction", args=[correction.pk]), {"decision": "accept"}
        ).status_code
        == 302
    )
    pupil.refresh_from_db()
    assert pupil.unit == schools[1].administrative_unit
    entry = ModelLogEntry.objects.get(action=corrections.CORRECT_ACTION)
    assert (entry.data["old"], entry.data["new"]) == ("21100", "21200")


def test_the_notice_on_the_prefilled_journey_links_to_the_form_and_shows_decisions(
    setting, client, rf
):
    from django.template import Context, Template

    page, pupil, _schools = setting
    template = Template("{% load pupil_corrections %}{% pupil_correction_notice page %}")
    stranger = rf.get("/")
    stranger.session = client.session
    assert template.render(Context({"request": stranger, "page": page})).strip() == ""

    look_up(client, page, pupil)
    ask(client, page, field="gender", value="Nữ")
    family = rf.get("/")
    family.session = client.session
    html = template.render(Context({"request": family, "page": page}))
    assert correction_url(page) in html
    assert str(PupilCorrection.Status.PENDING.label) in html
    assert str(Gender.FEMALE.label) in html


def test_the_first_journey_page_links_to_the_correction_form_after_a_look_up(setting, client):
    page, pupil, _schools = setting
    assert (
        correction_url(page) not in client.get(page.journey_url("step", step="1")).content.decode()
    )
    look_up(client, page, pupil)
    first = client.get(page.journey_url("step", step="1")).content.decode()
    assert correction_url(page) in first
    assert pupil.full_name in first  # the pre-filled data the family checks
