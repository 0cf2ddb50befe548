"""The receipt as a PDF: the applicant's own copy, in Vietnamese, only for their session."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from applications.models import Application
from tests.applications.helpers import fill_journey, pdf_upload, with_form


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

    def test_every_line_is_on_the_page_with_its_label(self, client, procedure):
        application, location = _submitted(client, procedure)
        page = PdfReader(io.BytesIO(client.get(location + "bien-nhan/pdf/").content)).pages[0]
        width = float(page.mediabox.width)
        placed = []  # (text, x, y) of every piece of text drawn

        def visit(text, _cm, tm, _font, _size):
            if text.strip():
                placed.append((text.strip(), tm[4], tm[5]))

        page.extract_text(visitor_text=visit)
        assert placed and all(0 < x < width - 40 for _text, x, _y in placed)
        label_y = next(y for text, _x, y in placed if text.startswith("Thủ tục"))
        value_y = next(y for text, _x, y in placed if procedure.code in text)
        assert abs(label_y - value_y) < 1  # the value beside its label, not below or off it
        lines = [text for text, _x, _y in placed]
        assert any(text.startswith("In lúc") for text in lines)  # translated, not "Printed at"

    def test_another_session_gets_a_404(self, client, procedure):
        _application, location = _submitted(client, procedure)
        assert Client().get(location + "bien-nhan/pdf/").status_code == 404

    def test_unknown_code_is_a_404(self, client, procedure):
        _submitted(client, procedure)
        url = procedure.url + "nop-truc-tuyen/da-nop/HS000000-AAAAAA/bien-nhan/pdf/"
        assert client.get(url).status_code == 404
