"""Plain text out of uploaded documents (PDF; DOCX, XLSX, ODT, ODS), for search. Runs in
background tasks (the database worker in production: TASKS_BACKEND).

Office documents are ZIP packages and are never trusted: the package is checked for a zip bomb
before anything is inflated, and each part is read as a capped stream (portal/archives.py) by
an incremental XML parser that keeps only the text, so memory stays bounded by the text kept
(MAX_TEXT_LENGTH), never by what the package holds. A refused package is logged with its reason
and indexed by title alone.
"""

import logging
import time
from xml.parsers import expat

from portal.archives import ArchiveRefused, archive_limits, member_stream, zip_open
from search.protocol import MAX_TEXT_LENGTH

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
# expat gives namespaced names as "<namespace URI>|<local name>".
NS = "|"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main|"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main|"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0|"


def _pdf_text(file):
    from pypdf import PdfReader

    reader = PdfReader(file)
    pieces, size = [], 0
    for pdf_page in reader.pages:
        text = pdf_page.extract_text() or ""
        pieces.append(text)
        size += len(text)
        if size > MAX_TEXT_LENGTH:
            break
    return " ".join(pieces)


def _refuse_dtd(*args):
    raise ArchiveRefused("a document type declaration in an office part (entities refused)")


class _Blocks:
    """expat handlers collecting the text of `block_tags` elements, `skip_tags` left out."""

    def __init__(self, block_tags, skip_tags):
        self.block_tags, self.skip_tags = block_tags, skip_tags
        self.depth = self.skip = self.size = 0
        self.current, self.done = [], []

    def start(self, name, attributes):
        if name in self.block_tags:
            self.depth += 1
        elif name in self.skip_tags:
            self.skip += 1

    def end(self, name):
        if name in self.skip_tags:
            self.skip -= 1
        elif name in self.block_tags:
            self.depth -= 1
            if self.depth == 0:
                self.done.append("".join(self.current))
                self.current.clear()
                self.size = 0

    def text(self, data):
        if self.depth and not self.skip and self.size < MAX_TEXT_LENGTH:
            self.current.append(data)
            self.size += len(data)


def _xml_blocks(stream, block_tags, skip_tags=frozenset()):
    """The text of each element named in `block_tags`, in document order, read by expat as the
    stream comes (no tree is built: memory holds the current block's text, at most
    MAX_TEXT_LENGTH characters). Office parts have no DTD: one is refused, so no entity is ever
    expanded. Text inside `skip_tags` (field codes, deleted text) is left out. A block inside a
    block (a text box in a paragraph) gives its text to the outer one."""
    parser = expat.ParserCreate(namespace_separator=NS)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    blocks = _Blocks(block_tags, skip_tags)
    parser.StartElementHandler = blocks.start
    parser.EndElementHandler = blocks.end
    parser.CharacterDataHandler = blocks.text
    while True:
        data = stream.read(CHUNK)
        parser.Parse(data, not data)
        yield from blocks.done
        blocks.done.clear()
        if not data:
            return


def _package_text(file, parts):
    """Text of the named parts of a ZIP package: [(part name, block tags, skipped tags)],
    missing parts skipped; stops once MAX_TEXT_LENGTH characters are kept."""
    limits = archive_limits()
    deadline = time.monotonic() + limits.max_seconds
    pieces, size = [], 0
    with zip_open(file, limits=limits) as package:
        names = set(package.namelist())
        for name, block_tags, skip_tags in parts:
            if name not in names:
                continue
            stream = member_stream(package, name, limits=limits, deadline=deadline)
            try:
                for text in _xml_blocks(stream, block_tags, skip_tags):
                    if text:
                        pieces.append(text)
                        size += len(text) + 1
                    if size > MAX_TEXT_LENGTH:
                        return " ".join(pieces)
            finally:
                stream.close()
    return " ".join(pieces)


def _docx_text(file):
    # Field codes (w:instrText) and tracked deletions (w:delText) are not the document's text.
    return _package_text(file, [("word/document.xml", {f"{W}p"}, {f"{W}instrText", f"{W}delText"})])


def _xlsx_text(file):
    # Cell text lives in the shared strings; numbers and formulas are not worth finding.
    # Phonetic runs (rPh) repeat the text in another script.
    return _package_text(file, [("xl/sharedStrings.xml", {f"{S}si"}, {f"{S}rPh"})])


def _odf_text(file):
    return _package_text(file, [("content.xml", {f"{ODF_TEXT}p", f"{ODF_TEXT}h"}, set())])


EXTRACTORS = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "xlsx": _xlsx_text,
    "odt": _odf_text,
    "ods": _odf_text,
}


def document_text(document):
    """The text of a Wagtail document, or "" when its type is not supported or unreadable."""
    extractor = EXTRACTORS.get((document.file_extension or "").lower())
    if extractor is None:
        return ""
    try:
        with document.open_file() as file:
            text = extractor(file)
    except ArchiveRefused as refused:
        logger.warning("Document %s not read (refused package): %s", document.pk, refused.reason)
        return ""
    except Exception as error:  # noqa: BLE001
        # A damaged upload must not stop indexing; the document stays findable by title.
        logger.warning("Could not extract text from document %s: %s", document.pk, type(error))
        return ""
    return " ".join(text.split())[:MAX_TEXT_LENGTH]
