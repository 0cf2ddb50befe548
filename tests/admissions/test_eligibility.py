"""Who may register in a round: the age by calendar year, older children with a claim."""

import datetime

import pytest

from admissions.eligibility import age_on, age_problem, needs_child_consent
from admissions.models import Grade
from admissions.models.rounds import USUAL_AGE


class Round:
    """The round's configuration that the rule reads (AdmissionRoundPage's fields)."""

    def __init__(self, grade, older):
        self.grade, self.older_years_allowed = grade, older
        self.birth_year = 2027 - USUAL_AGE[grade]


def round_for(grade, older=3):
    return Round(grade, older)


@pytest.mark.parametrize(
    ("grade", "born", "expected"),
    [
        (Grade.GRADE_1, datetime.date(2021, 1, 1), ("", False)),
        (Grade.GRADE_1, datetime.date(2021, 12, 31), ("", False)),  # 6 by the calendar year
        (Grade.GRADE_1, datetime.date(2022, 1, 1), ("young", False)),
        (Grade.GRADE_1, datetime.date(2020, 6, 1), ("older", True)),  # needs a claim
        (Grade.GRADE_1, datetime.date(2018, 6, 1), ("older", True)),
        (Grade.GRADE_1, datetime.date(2017, 12, 31), ("too old", False)),
        (Grade.GRADE_6, datetime.date(2016, 5, 5), ("", False)),
        (Grade.GRADE_6, datetime.date(2015, 5, 5), ("", False)),  # older is allowed from grade 6
        (Grade.GRADE_6, datetime.date(2017, 1, 1), ("young", False)),
        (Grade.GRADE_10, datetime.date(2012, 9, 9), ("", False)),
        (Grade.GRADE_10, datetime.date(2008, 9, 9), ("too old", False)),
    ],
)
def test_age_by_calendar_year(grade, born, expected):
    message, curable = age_problem(round_for(grade), born)
    assert bool(message) == bool(expected[0])
    assert curable == expected[1]


def test_the_allowed_years_are_the_rounds_configuration():
    assert age_problem(round_for(Grade.GRADE_1, older=0), datetime.date(2020, 6, 1))[0]
    assert not age_problem(round_for(Grade.GRADE_6, older=5), datetime.date(2011, 6, 1))[0]


def test_the_childs_consent_from_age_seven():
    born = datetime.date(2015, 6, 2)
    assert age_on(born, datetime.date(2022, 6, 1)) == 6
    assert not needs_child_consent(born, datetime.date(2022, 6, 1))
    assert needs_child_consent(born, datetime.date(2022, 6, 2))
