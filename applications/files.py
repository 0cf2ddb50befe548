"""Checks on uploaded files: the type by content (never by name), sizes, a safe name.

Only the kinds a form may allow are recognised: PDF, JPEG, PNG and Word (DOCX, a ZIP
package holding word/document.xml).
"""

import hashlib
import logging
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from applications import malware
from portal.archives import ArchiveRefused, zip_open

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "docx": "docx"}


def sniff(upload):
    """The kind of file `upload` holds, judged by its bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return "docx"
    return None


def safe_display_name(name, kind):
    """The name shown and offered on download: the base name without path or control
    characters, shortened, with the extension of what the file really is."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]+", "", stem).strip(" .") or "tep"
    return f"{stem[:80]}.{EXTENSIONS[kind]}"


def check_upload(upload, *, allowed, max_mb, already_bytes=0):
    """Validate one upload; returns (kind, sha256). Raises ValidationError in Vietnamese."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_mb * MEGABYTE:
        raise ValidationError(
            _("The file is larger than %(max)s MB.") % {"max": max_mb}, code="too_large"
        )
    total_mb = settings.SERVICES_MAX_APPLICATION_MB
    if already_bytes + upload.size > total_mb * MEGABYTE:
        raise ValidationError(
            _("The files of one application may not exceed %(max)s MB in all.") % {"max": total_mb},
            code="total_too_large",
        )
    kind = sniff(upload)
    if kind is None or kind not in allowed:
        names = ", ".join(EXTENSIONS[k].upper() for k in allowed)
        raise ValidationError(
            _(
                "This file is not of an accepted type (%(types)s). Its content was checked, not its name."
            )
            % {"types": names},
            code="type",
        )
    if kind == "docx":
        _ensure_not_a_zip_bomb(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    malware.ensure_clean(upload, sha256=digest.hexdigest())
    return kind, digest.hexdigest()


def _ensure_not_a_zip_bomb(upload):
    """A Word file is a ZIP package: refuse one whose declared content is a zip bomb (the same
    check as the text extraction of documents, portal/archives.py), before staff open it."""
    upload.seek(0)
    try:
        zip_open(upload).close()
    except ArchiveRefused as refused:
        logger.warning("upload refused (zip package): %s", refused.reason)
        raise ValidationError(
            _(
                "This Word file cannot be accepted: its compressed content is abnormally large. "
                "Save it again (or as PDF) and upload it once more."
            ),
            code="archive",
        ) from refused
    finally:
        upload.seek(0)


def bytes_of_journey(token):
    from applications.models import Attachment

    return Attachment.objects.filter(draft_token=token).aggregate(total=Sum("size"))["total"] or 0


def bytes_of_application(application):
    return application.attachments.aggregate(total=Sum("size"))["total"] or 0
