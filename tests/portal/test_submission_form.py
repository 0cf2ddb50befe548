"""The shared public submission form: contact rules and Vietnamese phone numbers."""

import time

import pytest
from django.core.exceptions import ValidationError

from portal.spam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from portal.submissions.forms import PublicSubmissionForm, normalize_vietnamese_phone


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(0255) 3822-123", "02553822123"),
        ("0388123456", "0388123456"),
    ],
)
def test_vietnamese_numbers_are_normalised(raw, normal):
    assert normalize_vietnamese_phone(raw) == normal


@pytest.mark.parametrize("raw", ["12345", "0112345678", "091234567", "phone", "+1 202 555 0100"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_vietnamese_phone(raw)


def data(**overrides):
    values = {
        "name": "Nguyễn Văn An",
        "email": "",
        "phone": "",
        HONEYPOT_FIELD: "",
        TOKEN_FIELD: issue_form_token(time.time() - 5),
    }
    values.update(overrides)
    return values


def test_an_email_or_a_phone_is_required():
    form = PublicSubmissionForm(data())
    assert not form.is_valid()
    assert form.errors["email"] == [
        "Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại để chúng tôi trả lời."
    ]
    assert PublicSubmissionForm(data(phone="0912345678")).is_valid()
    assert PublicSubmissionForm(data(email="an@example.vn")).is_valid()


def test_a_bad_phone_says_what_is_expected():
    form = PublicSubmissionForm(data(phone="12345"))
    assert not form.is_valid()
    assert "0912 345 678" in form.errors["phone"][0]


def test_spam_is_refused_before_anything_else():
    form = PublicSubmissionForm(data(email="an@example.vn", **{HONEYPOT_FIELD: "http://spam"}))
    assert not form.is_valid()
    assert form.has_error("__all__", "spam")
