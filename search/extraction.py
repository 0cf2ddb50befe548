"""Plain text out of uploaded documents (PDF, DOCX), for search. Runs in background tasks."""

import logging
import zipfile

from search.protocol import MAX_TEXT_LENGTH

logger = logging.getLogger(__name__)


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


def _docx_text(file):
    import docx

    document = docx.Document(file)
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            pieces.extend(cell.text for cell in row.cells)
    return " ".join(pieces)


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text}


def document_text(document):
    """The text of a Wagtail document, or "" when its type is not supported or unreadable."""
    extractor = EXTRACTORS.get((document.file_extension or "").lower())
    if extractor is None:
        return ""
    try:
        with document.open_file() as file:
            text = extractor(file)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, Exception) as error:  # noqa: BLE001
        # A damaged upload must not stop indexing; the document stays findable by title.
        logger.warning("Could not extract text from document %s: %s", document.pk, type(error))
        return ""
    return " ".join(text.split())[:MAX_TEXT_LENGTH]
