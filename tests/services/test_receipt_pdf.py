"""The receipt as a PDF: the applicant's own copy, in Vietnamese, only for their session."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from services.models import Application
from tests.services.helpers import fill_journey, pdf_upload, with_form


def _submitted(client, procedure):
    check = fill_journey(client, with_form(procedure), upload=pdf_upload("hoc-ba-lop-12.pdf"))
    token = check.context["form"]["token"].value()
    location = client.post(
        procedure.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"}
    )["Location"]
    return Application.objects.get(), location


@pytest.mark.django_db
class TestReceiptPdf:
    def test_the_applicant_downloads_a_vietnamese_pdf(self, client, procedure):
        application, location = _submitted(client, procedure)
        confirmation = client.get(location).content.decode()
        assert f"{location}bien-nhan/pdf/" in confirmation

        response = client.get(location + "bien-nhan/pdf/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f"bien-nhan-{application.code}.pdf" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        reader = PdfReader(io.BytesIO(response.content))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert application.code in text
        assert "BIÊN NHẬN" in text  # the heading, with its diacritics intact
        assert "Trần Thị Bình" in text
        assert procedure.code in text
        assert "hoc-ba-lop-12.pdf" in text
        assert application.due_date.strftime("%d/%m/%Y") in text
        assert "/tra-cuu/" in text  # where to track it

    def test_another_session_gets_a_404(self, client, procedure):
        _application, location = _submitted(client, procedure)
        assert Client().get(location + "bien-nhan/pdf/").status_code == 404

    def test_unknown_code_is_a_404(self, client, procedure):
        _submitted(client, procedure)
        url = procedure.url + "nop-truc-tuyen/da-nop/HS000000-AAAAAA/bien-nhan/pdf/"
        assert client.get(url).status_code == 404
