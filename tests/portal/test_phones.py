"""One Vietnamese phone rule (portal/phones.py) for the journey, SMS and public forms."""

import pytest
from django.core.exceptions import ValidationError

from applications.forms import PhoneField
from applications.sms import international_number
from portal import phones
from portal.submissions.forms import normalize_vietnamese_phone


@pytest.mark.parametrize(
    ("written", "national"),
    [
        ("0905 123 456", "0905123456"),
        ("+84 905.123.456", "0905123456"),
        ("84905123456", "0905123456"),
        ("(0255) 3822-123", "02553822123"),
        ("+842553822123", "02553822123"),
        ("842553822123", "02553822123"),
    ],
)
def test_national_form(written, national):
    assert phones.national_form(written) == national


def test_mobile_and_landline():
    assert phones.is_mobile("0905123456") and phones.is_phone("0905123456")
    assert not phones.is_mobile("02553822123") and phones.is_phone("02553822123")
    for bad in ("0105123456", "090512345", "09051234567", "0205123456", "", "abc"):
        assert not phones.is_phone(bad), bad


def test_every_user_of_the_rule_agrees():
    # The journey takes mobiles only (SMS); a public form takes landlines too.
    assert PhoneField().clean("+84 905 123 456") == "0905123456"
    assert normalize_vietnamese_phone("+84 905 123 456") == "0905123456"
    assert international_number("0905 123 456") == "+84905123456"
    assert normalize_vietnamese_phone("0255 3822 123") == "02553822123"
    assert international_number("0255 3822 123") is None
    with pytest.raises(ValidationError, match="10"):
        PhoneField().clean("0255 3822 123")
