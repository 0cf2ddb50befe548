"""The Vietnamese phone number rule, once for the whole portal.

Mobile numbers have 10 digits and start 03, 05, 07, 08 or 09; landlines have 11 digits,
02 and the area code. People write them as 0…, +84… or 84…, with spaces, dots, dashes or
brackets: `national_form` gives the one form the portal stores and compares (0912345678).
"""

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def national_form(value: str | None) -> str:
    """The number without separators and with 0 for the country code (not checked)."""
    number = _SEPARATORS.sub("", value or "")
    if number.startswith("+84"):
        return "0" + number[3:]
    if number.startswith("84") and len(number) in (11, 12):
        return "0" + number[2:]
    return number


def is_mobile(number: str) -> bool:
    """Whether a number in national form is a Vietnamese mobile number (takes SMS)."""
    return bool(_MOBILE.match(number))


def is_phone(number: str) -> bool:
    """Whether a number in national form is a Vietnamese mobile or landline number."""
    return is_mobile(number) or bool(_LANDLINE.match(number))


def international(number: str) -> str | None:
    """A mobile number in national form as +84…, for SMS gateways; None if not a mobile."""
    number = national_form(number)
    return f"+84{number[1:]}" if is_mobile(number) else None
