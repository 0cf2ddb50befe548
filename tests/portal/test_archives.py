"""The shared zip-bomb check (portal/archives.py) also guards applicants' Word uploads
(applications/files.py check_upload): refused with a Vietnamese message, honest files accepted."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from applications.files import check_upload
from tests.zipbombs import (
    CONTENT_TYPES,
    deflated,
    raw_zip,
    word_xml,
    zeros_deflated,
)

MEGABYTE = 1024 * 1024


def upload(content):
    return SimpleUploadedFile("don.docx", content, content_type="application/octet-stream")


def honest_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("word/document.xml", word_xml("Đơn xin cấp bản sao văn bằng"))
    return buffer.getvalue()


def test_an_applicants_docx_zip_bomb_is_refused_in_vietnamese(settings, caplog):
    settings.SERVICES_MAX_APPLICATION_MB = 30
    stream, crc = zeros_deflated(16 * MEGABYTE)  # 16 MB of zeros in 16 KB
    bomb = raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("word/document.xml", word_xml("Đơn")),
            ("word/media/image1.png", zipfile.ZIP_DEFLATED, stream, crc, 16 * MEGABYTE),
        ]
    )
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        check_upload(upload(bomb), allowed=["pdf", "docx"], max_mb=10)
    assert refused.value.code == "archive"
    assert "Word" in refused.value.messages[0]
    assert "compressed" in caplog.text


def test_an_honest_docx_is_accepted():
    kind, digest = check_upload(upload(honest_docx()), allowed=["pdf", "docx"], max_mb=10)
    assert kind == "docx" and len(digest) == 64
