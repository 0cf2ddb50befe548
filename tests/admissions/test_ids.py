"""The personal ID number's structure (Decree 137/2015 art. 13): province, gender and century,
year of birth."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions.ids import check_personal_id, example_id

BORN = datetime.date(2021, 3, 14)


def test_a_well_formed_number_matching_the_child_passes():
    check_personal_id("051221000123", birth_date=BORN, female=False)
    check_personal_id("051321000123", birth_date=BORN, female=True)
    check_personal_id("001099000001", birth_date=datetime.date(1999, 1, 1), female=False)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("05122100012", "length"),
        ("0512210001234", "length"),
        ("05122100012a", "length"),
        ("０５１２２１０００１２３", "length"),  # full-width digits are not digits here
        ("003221000123", "province"),  # 003 is no province
        ("097221000123", "province"),
        ("051220000123", "birth_year"),  # born 2020, not 2021
        ("051021000123", "birth_year"),  # century digit 0 is the 1900s
        ("051321000123", "gender"),  # 3 is a girl born in the 2000s
    ],
)
def test_bad_numbers_are_refused_with_the_reason(number, code):
    with pytest.raises(ValidationError) as refused:
        check_personal_id(number, birth_date=BORN, female=False)
    assert refused.value.code == code
    assert refused.value.messages[0]  # a sentence for the family, in the catalogue


def test_the_example_numbers_are_well_formed():
    for female in (False, True):
        for born in (BORN, datetime.date(1985, 12, 31), datetime.date(2100, 1, 1)):
            check_personal_id(
                example_id(birth_date=born, female=female), birth_date=born, female=female
            )
