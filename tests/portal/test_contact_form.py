"""The contact form: a valid message is stored and e-mailed; bad input and robots are refused."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.contrib.forms.models import FormSubmission

from portal.spam import (
    EXPIRED_MESSAGE,
    REPLAYED_MESSAGE,
    SPAM_MESSAGE,
    form_token_problem,
    form_token_spend,
    issue_form_token,
)

VALID = {
    "ho_va_ten": "Nguyễn Văn An",
    "thu_dien_tu": "an.nguyen@example.vn",
    "so_dien_thoai": "0905123456",
    "tieu_de": "Hỏi về tuyển sinh lớp 10",
    "noi_dung": "Xin hỏi lịch thi tuyển sinh lớp 10 năm nay.",
}


@pytest.fixture
def form_data(contact_page):
    field_names = [field.clean_name for field in contact_page.get_form_fields()]
    assert set(field_names) == set(VALID), field_names
    return {**VALID, "website": "", "form_token": issue_form_token(now=time.time() - 10)}


@pytest.fixture
def notified_contact_page(contact_page):
    contact_page.to_address = "vanphong@sogd.example.vn"
    contact_page.from_address = "cong@sogd.example.vn"
    contact_page.subject = "Ý kiến từ cổng thông tin"
    contact_page.save()
    return contact_page


def test_valid_message_is_stored_emailed_and_confirmed(client, notified_contact_page, form_data):
    response = client.post(notified_contact_page.url, form_data)
    assert response.status_code == 200
    assert "Cảm ơn bạn" in response.content.decode()
    submission = FormSubmission.objects.get(page=notified_contact_page)
    assert submission.form_data["ho_va_ten"] == "Nguyễn Văn An"
    assert "website" not in submission.form_data
    assert "form_token" not in submission.form_data
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vanphong@sogd.example.vn"]
    assert "Hỏi về tuyển sinh lớp 10" in mail.outbox[0].body


def test_missing_and_malformed_fields_are_refused_in_vietnamese(client, contact_page, form_data):
    response = client.post(
        contact_page.url, {**form_data, "ho_va_ten": "", "thu_dien_tu": "khong-phai-email"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Trường này là bắt buộc." in body
    assert "Nhập địa chỉ email." in body  # Django's own Vietnamese message
    assert 'value="khong-phai-email"' in body  # what was typed is kept
    assert not FormSubmission.objects.exists()


def test_honeypot_filled_in_is_refused(client, contact_page, form_data):
    response = client.post(contact_page.url, {**form_data, "website": "http://spam.example"})
    assert response.status_code == 400
    assert str(SPAM_MESSAGE) in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_form_posted_too_fast_is_refused(client, contact_page, form_data):
    response = client.post(contact_page.url, {**form_data, "form_token": issue_form_token()})
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


# Tokens are made inside the test: a parameter's id must be the same in every pytest-xdist
# worker, and a signed token differs per process.
@pytest.mark.parametrize(
    "make_token",
    [lambda: "", lambda: "forged:token", lambda: issue_form_token(now=0) + "x"],
    ids=["missing", "malformed", "bad-signature"],
)
def test_missing_or_forged_token_is_refused(client, contact_page, form_data, make_token):
    response = client.post(contact_page.url, {**form_data, "form_token": make_token()})
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


def test_token_rules(settings):
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_MAX_AGE_SECONDS = 3600
    now = 1_800_000_000
    assert form_token_problem(issue_form_token(now=now - 10), now=now) is None
    assert form_token_problem(issue_form_token(now=now - 1), now=now) == SPAM_MESSAGE
    assert form_token_problem(issue_form_token(now=now - 7200), now=now) == EXPIRED_MESSAGE


def test_one_token_sends_one_message(client, notified_contact_page, form_data):
    """The token is spent by the first accepted submission: a replay is refused, not e-mailed."""
    assert client.post(notified_contact_page.url, form_data).status_code == 200
    replay = client.post(notified_contact_page.url, form_data)
    assert replay.status_code == 400
    assert str(REPLAYED_MESSAGE) in replay.content.decode()
    assert FormSubmission.objects.filter(page=notified_contact_page).count() == 1
    assert len(mail.outbox) == 1


def test_a_refused_form_comes_back_with_a_fresh_token(client, contact_page, form_data):
    response = client.post(contact_page.url, {**form_data, "ho_va_ten": ""})
    assert response.status_code == 400
    html = response.content.decode()
    token = html.split('name="form_token" value="')[1].split('"')[0]
    assert token != form_data["form_token"]
    assert form_token_spend(token)
    assert not form_token_spend(token)


def test_the_message_is_capped(client, contact_page, form_data, settings):
    settings.FORM_MAX_MESSAGE_LENGTH = 500
    response = client.post(contact_page.url, {**form_data, "noi_dung": "x" * 501})
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()
    page = client.get(contact_page.url).content.decode()
    assert 'maxlength="500"' in page


def test_the_contact_form_shares_the_public_rate_limit(client, contact_page, form_data, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    cache.clear()
    statuses = [
        client.post(
            contact_page.url, {**form_data, "form_token": issue_form_token(now=time.time() - 10)}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert FormSubmission.objects.filter(page=contact_page).count() == 2
    cache.clear()
