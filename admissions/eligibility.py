"""The rules of who may register in a round: plain functions of the round and the child.

The numbers are the round's configuration (admissions.models.AdmissionRoundPage), edited by
the department; nothing here is a province's choice.
"""

import datetime

from django.utils.translation import gettext as _


def age_problem(round_page, birth_date: datetime.date) -> tuple[str, bool]:
    """(a Vietnamese message, whether a priority claim can cure it) or ("", False).

    The age counts by calendar year (Education Law 2019 art. 28): for grade 1 a child born in
    the round's birth year; older by up to `older_years_allowed` years, which for grade 1 needs
    a priority group that allows it; never younger."""
    usual = round_page.birth_year
    if birth_date.year > usual:
        return (
            _(
                "A child born in %(year)s is too young for this round: children born in "
                "%(usual)s or earlier may register."
            )
            % {"year": birth_date.year, "usual": usual},
            False,
        )
    oldest = usual - round_page.older_years_allowed
    if birth_date.year < oldest:
        return (
            _(
                "A child born in %(year)s is older than this round allows (born from %(oldest)s "
                "to %(usual)s). Please contact the school."
            )
            % {"year": birth_date.year, "oldest": oldest, "usual": usual},
            False,
        )
    if birth_date.year < usual and round_page.grade == 1:
        return (
            _(
                "A child born in %(year)s is older than the usual age (born in %(usual)s): "
                "choose the priority group that allows it on the priority page."
            )
            % {"year": birth_date.year, "usual": usual},
            True,
        )
    return "", False


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


CHILD_CONSENT_AGE = 7  # Decree 13/2023 art. 20: the child's consent too from age 7


def needs_child_consent(birth_date: datetime.date, today: datetime.date) -> bool:
    return age_on(birth_date, today) >= CHILD_CONSENT_AGE
