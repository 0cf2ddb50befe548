"""Zip bombs in uploaded office documents (DOCX, XLSX, ODT): refused before anything is inflated,
without the process's memory growing; honest packages still give their text.

The bomb is real: a DOCX whose `word/media/image1.bin` is 2 GB of zeros, deflated (about 2 MB,
1,000 to 1), with its true size and CRC in the headers. A second one lies in its headers (it
declares 1 KB) and is stopped while reading.
"""

import io
import logging
import resource
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.archives import ArchiveRefused, archive_limits, member_stream, zip_open
from search.extraction import document_text
from tests.zipbombs import (
    CONTENT_TYPES,
    MEGABYTE,
    W,
    deflated,
    raw_zip,
    word_xml,
    zeros_deflated,
)

BOMB_BYTES = 2048 * MEGABYTE


@pytest.fixture(scope="module")
def bomb():
    stream, crc = zeros_deflated(BOMB_BYTES)
    return raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("word/document.xml", word_xml("Kế hoạch tuyển sinh")),
            ("word/media/image1.bin", zipfile.ZIP_DEFLATED, stream, crc, BOMB_BYTES),
        ]
    )


def make_document(name, content):
    document = get_document_model()(title=name, collection=Collection.get_first_root_node())
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_the_bomb_is_what_it_claims(bomb):
    assert len(bomb) < 3 * MEGABYTE
    with zipfile.ZipFile(io.BytesIO(bomb)) as package:
        member = package.getinfo("word/media/image1.bin")
        assert member.file_size == BOMB_BYTES
        # Its first megabytes really inflate (to zeros): a genuine deflate stream.
        with package.open(member) as stream:
            assert stream.read(3 * MEGABYTE) == bytes(3 * MEGABYTE)


@pytest.mark.django_db
def test_a_docx_zip_bomb_is_refused_without_the_memory_growing(bomb, caplog):
    document = make_document("bom.docx", bomb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    tracemalloc.start()
    try:
        with caplog.at_level(logging.WARNING, logger="search.extraction"):
            text = document_text(document)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert text == ""
    assert peak < 16 * MEGABYTE, peak
    assert grown * 1024 < 64 * MEGABYTE, grown
    assert "refused package" in caplog.text and "declares 2147483648 bytes" in caplog.text


@pytest.mark.django_db
def test_the_indexing_task_keeps_a_refused_document_findable_by_title(bomb, settings):
    from search import tasks
    from search.models import SearchEntry
    from tests.conftest import build_home

    build_home()
    document = make_document("bom.docx", bomb)
    tasks.index_document.call(document.pk)
    entry = SearchEntry.objects.get(document=document)
    assert entry.title == "bom.docx"


def test_a_high_ratio_is_refused_even_under_the_size_limits(settings):
    settings.ARCHIVE_MAX_RATIO = 100
    stream, crc = zeros_deflated(8 * MEGABYTE)  # 8 MB in 8 KB: 1,000 to 1
    package = raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", zipfile.ZIP_DEFLATED, stream, crc, 8 * MEGABYTE),
        ]
    )
    with pytest.raises(ArchiveRefused, match="compressed .* to 1"):
        zip_open(io.BytesIO(package))


def test_too_many_members_and_too_much_in_all_are_refused(settings):
    settings.ARCHIVE_MAX_MEMBERS = 10
    many = raw_zip([deflated(f"part{n}.xml", b"<a/>") for n in range(11)])
    with pytest.raises(ArchiveRefused, match="11 members"):
        zip_open(io.BytesIO(many))
    settings.ARCHIVE_MAX_UNCOMPRESSED_MB = 2
    settings.ARCHIVE_MAX_MEMBERS = 5000
    big = raw_zip([deflated(f"part{n}.bin", bytes(MEGABYTE)[: 700 * 1024]) for n in range(3)])
    with pytest.raises(ArchiveRefused, match="in all"):
        zip_open(io.BytesIO(big))


def test_a_package_whose_headers_lie_is_stopped_while_reading():
    stream, _crc = zeros_deflated(64 * MEGABYTE)
    liar = raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", zipfile.ZIP_DEFLATED, stream, 0, 1024),  # "1 KB"
        ]
    )
    tracemalloc.start()
    try:
        with zip_open(io.BytesIO(liar)) as package:
            reader = member_stream(package, "word/document.xml", limits=archive_limits())
            with pytest.raises(ArchiveRefused):
                while reader.read(65536):
                    pass
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reader.count <= 1024
    assert peak < 8 * MEGABYTE


@pytest.mark.django_db
def test_honest_docx_xlsx_and_odt_give_their_text():
    docx = raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("word/document.xml", word_xml("Thông báo tuyển sinh", "lớp 6 năm học")),
        ]
    )
    assert document_text(make_document("tb.docx", docx)) == "Thông báo tuyển sinh lớp 6 năm học"

    shared = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Danh sách học sinh</t></si><si><r><t>Trường </t></r><r><t>Hoa Sen</t></r></si></sst>"
    ).encode()
    xlsx = raw_zip(
        [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("xl/sharedStrings.xml", shared)]
    )
    assert document_text(make_document("ds.xlsx", xlsx)) == "Danh sách học sinh Trường Hoa Sen"

    content = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:h>Kế hoạch</text:h><text:p>Kiểm tra <text:span>học kỳ</text:span> I</text:p>"
        "</office:text></office:body></office:document-content>"
    ).encode()
    odt = raw_zip(
        [
            deflated("mimetype", b"application/vnd.oasis.opendocument.text"),
            deflated("content.xml", content),
        ]
    )
    assert document_text(make_document("kh.odt", odt)) == "Kế hoạch Kiểm tra học kỳ I"


@pytest.mark.django_db
def test_entity_expansion_in_a_part_is_not_followed():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
        + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    package = raw_zip(
        [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("word/document.xml", laughs)]
    )
    tracemalloc.start()
    try:
        text = document_text(make_document("laughs.docx", package))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text == ""  # refused: office parts have no DTD
    assert peak < 16 * MEGABYTE
