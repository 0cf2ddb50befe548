"""The status rule: one function for a document, the same rule as a query filter."""

import datetime

import pytest

from legaldocs.factories import LegalDocumentPageFactory
from legaldocs.models import LegalDocumentPage
from legaldocs.status import Status, document_status, status_q

D = datetime.date


@pytest.mark.parametrize(
    ("effective", "expiry", "replaced", "on", "expected"),
    [
        (None, None, False, D(2025, 1, 1), Status.IN_FORCE),
        (D(2025, 2, 14), None, False, D(2025, 2, 13), Status.NOT_YET),
        (D(2025, 2, 14), None, False, D(2025, 2, 14), Status.IN_FORCE),
        (D(2025, 2, 14), D(2026, 7, 1), False, D(2026, 6, 30), Status.IN_FORCE),
        (D(2025, 2, 14), D(2026, 7, 1), False, D(2026, 7, 1), Status.EXPIRED),
        (None, D(2026, 7, 1), False, D(2030, 1, 1), Status.EXPIRED),
        (D(2025, 2, 14), None, True, D(2025, 1, 1), Status.REPLACED),
        (None, D(2020, 1, 1), True, D(2025, 1, 1), Status.REPLACED),
    ],
)
def test_document_status_across_dates(effective, expiry, replaced, on, expected):
    assert (
        document_status(effective_date=effective, expiry_date=expiry, replaced=replaced, on=on)
        == expected
    )


@pytest.mark.django_db
def test_the_query_filter_agrees_with_the_function_on_every_day(library, terms):
    new = LegalDocumentPageFactory(parent=library, number="2/QĐ-SGDĐT")
    draft_new = LegalDocumentPageFactory(parent=library, number="3/QĐ-SGDĐT", live=False)
    docs = [
        LegalDocumentPageFactory(parent=library, number="10/QĐ"),
        LegalDocumentPageFactory(parent=library, number="11/QĐ", effective_date=D(2025, 3, 1)),
        LegalDocumentPageFactory(
            parent=library, number="12/QĐ", effective_date=D(2025, 3, 1), expiry_date=D(2025, 9, 1)
        ),
        LegalDocumentPageFactory(parent=library, number="13/QĐ", replaced_by=new),
        # Replaced by a document still in draft: not replaced yet.
        LegalDocumentPageFactory(parent=library, number="14/QĐ", replaced_by=draft_new),
        new,
    ]
    for on in (D(2025, 1, 1), D(2025, 3, 1), D(2025, 8, 31), D(2025, 9, 1), D(2026, 1, 1)):
        for status in Status:
            matched = set(
                LegalDocumentPage.objects.filter(pk__in=[d.pk for d in docs])
                .filter(status_q(status, on=on))
                .values_list("number", flat=True)
            )
            expected = {d.number for d in docs if d.status_on(on) == status}
            assert matched == expected, (on, status)
    assert docs[3].status_on(D(2025, 1, 1)) == Status.REPLACED
    assert docs[4].status_on(D(2025, 1, 1)) == Status.IN_FORCE
