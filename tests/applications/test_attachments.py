"""Attachment checks: by content, sizes, safe names, private storage."""

import io
import os
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from applications import files
from applications.models import Attachment
from applications.services import attachment_store
from tests.applications.helpers import fill_journey, pdf_upload, png_bytes, with_form

MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def store(upload, allowed=("pdf", "jpeg", "png"), max_mb=1, token=None):
    return attachment_store(
        upload=upload,
        kind=Attachment.Kind.APPLICANT,
        allowed=list(allowed),
        max_mb=max_mb,
        draft_token=token or uuid.uuid4(),
    )


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.django_db
class TestChecks:
    def test_renamed_executable_is_refused(self):
        with pytest.raises(ValidationError) as error:
            store(SimpleUploadedFile("giay-khai-sinh.pdf", MZ))
        assert "không thuộc loại được chấp nhận" in str(error.value)
        assert not Attachment.objects.exists()

    def test_oversized_file_is_refused(self):
        big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
        with pytest.raises(ValidationError) as error:
            store(SimpleUploadedFile("lon.pdf", big))
        assert "lớn hơn 1 MB" in str(error.value)
        assert not Attachment.objects.exists()

    def test_pdf_with_a_wrong_extension_is_a_pdf(self):
        attachment = store(pdf_upload(name="anh-chup.jpg"))
        assert attachment.content_type == "application/pdf"
        assert attachment.original_name == "anh-chup.pdf"

    def test_png_refused_where_only_pdf_is_allowed(self):
        with pytest.raises(ValidationError):
            store(SimpleUploadedFile("a.png", png_bytes()), allowed=["pdf"])

    def test_docx_recognised_and_a_plain_zip_not(self):
        assert store(SimpleUploadedFile("don.docx", docx_bytes()), allowed=["docx"]).size > 0
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("virus.exe", MZ)
        with pytest.raises(ValidationError):
            store(SimpleUploadedFile("don.docx", buffer.getvalue()), allowed=["docx"])

    @override_settings(SERVICES_MAX_APPLICATION_MB=1)
    def test_per_application_limit(self):
        token = uuid.uuid4()
        half = b"%PDF-1.4\n" + b"0" * (600 * 1024)
        store(SimpleUploadedFile("a.pdf", half), token=token)
        with pytest.raises(ValidationError) as error:
            store(SimpleUploadedFile("b.pdf", half), token=token)
        assert "Tổng dung lượng" in str(error.value)

    def test_empty_file(self):
        with pytest.raises(ValidationError):
            store(SimpleUploadedFile("a.pdf", b""))

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("C:\\Users\\An\\hoc ba.PDF", "hoc ba.pdf"),
            ('a"<b>;.exe', "ab.pdf"),
            ("", "tep.pdf"),
        ],
    )
    def test_safe_display_name(self, name, expected):
        assert files.safe_display_name(name, "pdf") == expected


@pytest.mark.django_db
def test_refused_file_in_the_journey_keeps_the_page(client, procedure):
    with_form(procedure)
    base = procedure.url + "nop-truc-tuyen/"
    fill_journey(client, procedure)  # a first, good file
    response = client.post(
        base + "buoc-3/",
        {
            "ban_chup_giay_to": SimpleUploadedFile("x.pdf", MZ),
            "cam_ket_thong_tin_dung_su_that": "on",
        },
    )
    assert response.status_code == 400
    assert "không thuộc loại được chấp nhận" in response.content.decode()
    # The good file is still the one on record.
    assert Attachment.objects.get().original_name == "hoc-ba.pdf"


@pytest.mark.django_db
def test_a_replaced_file_leaves_the_private_storage(client, procedure):
    with_form(procedure)
    fill_journey(client, procedure, upload=pdf_upload("ban-cu.pdf", "Ban cu"))
    first = Attachment.objects.get()
    first_path = first.file.path
    response = client.post(
        procedure.url + "nop-truc-tuyen/buoc-3/",
        {
            "ban_chup_giay_to": pdf_upload("ban-moi.pdf", "Ban moi"),
            "cam_ket_thong_tin_dung_su_that": "on",
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "ban-moi.pdf"
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert not os.path.exists(first_path)  # the applicant's old file is gone, not orphaned
