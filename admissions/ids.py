"""The structure of the 12-digit personal ID number (mã định danh cá nhân).

Decree 137/2015/NĐ-CP art. 13 and Circular 59/2021/TT-BCA: three digits for the province where
the birth was registered, one digit for the gender and century of birth, two for the year of
birth, six random. The province codes are those of the 63 provinces before the 2025 merger,
which numbers already issued keep.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


def century_gender_digit(*, birth_year, female) -> int:
    """0/1 for births in 1900–1999 (male/female), 2/3 for 2000–2099, and so on."""
    return 2 * ((birth_year - 1900) // 100) + (1 if female else 0)


def check_personal_id(number, *, birth_date=None, female=None) -> None:
    """Raise a ValidationError (Vietnamese) unless `number` has the structure of a personal ID
    number consistent with the date of birth and gender given (each optional)."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        raise ValidationError(_("The personal ID number has exactly 12 digits."), code="length")
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits are not the code of a province: check the number."),
            code="province",
        )
    if birth_date is None:
        return
    digit, year = int(number[3]), int(number[4:6])
    if year != birth_date.year % 100 or digit // 2 != (birth_date.year - 1900) // 100:
        raise ValidationError(
            _(
                "Digits 4 to 6 of the personal ID number do not match the year of birth "
                "%(year)s: check the number and the date of birth."
            )
            % {"year": birth_date.year},
            code="birth_year",
        )
    if female is not None and digit % 2 != (1 if female else 0):
        raise ValidationError(
            _(
                "The 4th digit of the personal ID number does not match the gender: check the "
                "number and the gender."
            ),
            code="gender",
        )


def example_id(*, birth_date: datetime.date, female: bool, province="051", serial=1) -> str:
    """A well-formed number (demo data and tests)."""
    digit = century_gender_digit(birth_year=birth_date.year, female=female)
    return f"{province}{digit}{birth_date.year % 100:02d}{serial:06d}"
