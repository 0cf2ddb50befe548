"""Zip-based office documents (DOCX, XLSX, ODT, ODS) read without trusting them.

A DOCX is a ZIP package: a 1 MB upload can declare, and inflate to, gigabytes (a "zip bomb").
Before a byte is inflated, `zip_open` reads the archive's central directory and refuses a
package with too many members, a member or a total whose declared size is past the limit, a
member compressed more than ARCHIVE_MAX_RATIO to one (past a small floor: tiny parts may
compress well), or a compression method office formats do not use. `member_stream` then reads
one member with a byte cap of its own and a deadline, so a member whose header lies about its
size is stopped too. Every refusal is an `ArchiveRefused` with a plain reason for the log.

Used by the text extraction of uploaded documents (search/extraction.py) and by the check of
applicants' uploads (applications/files.py).
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass

from django.conf import settings

MEGABYTE = 1024 * 1024
# Below this declared size a member's ratio is not judged (a 40 KB XML part of repeated
# markup can legitimately compress 100 to 1; it cannot hurt anyone).
RATIO_FLOOR_BYTES = 1 * MEGABYTE
OFFICE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


class ArchiveRefused(Exception):
    """The package is refused before (or while) reading; `reason` says why, for the log."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int
    max_total_bytes: int
    max_member_bytes: int
    max_ratio: int
    max_seconds: float


def archive_limits() -> ArchiveLimits:
    """The limits from settings (ARCHIVE_MAX_*)."""
    return ArchiveLimits(
        max_members=settings.ARCHIVE_MAX_MEMBERS,
        max_total_bytes=settings.ARCHIVE_MAX_UNCOMPRESSED_MB * MEGABYTE,
        max_member_bytes=min(settings.ARCHIVE_MAX_UNCOMPRESSED_MB, settings.ARCHIVE_MAX_MEMBER_MB)
        * MEGABYTE,
        max_ratio=settings.ARCHIVE_MAX_RATIO,
        max_seconds=settings.ARCHIVE_MAX_SECONDS,
    )


def zip_check(package: zipfile.ZipFile, *, limits: ArchiveLimits | None = None) -> None:
    """Refuse a package whose central directory declares a zip bomb (ArchiveRefused)."""
    limits = limits or archive_limits()
    members = package.infolist()
    if len(members) > limits.max_members:
        raise ArchiveRefused(f"{len(members)} members (limit {limits.max_members})")
    total = 0
    for member in members:
        if member.compress_type not in OFFICE_METHODS:
            raise ArchiveRefused(f"compression method {member.compress_type}")
        if member.flag_bits & 0x1:
            raise ArchiveRefused("encrypted member")
        if member.file_size > limits.max_member_bytes:
            raise ArchiveRefused(
                f"a member declares {member.file_size} bytes (limit {limits.max_member_bytes})"
            )
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise ArchiveRefused(
                f"a member is compressed {member.file_size // max(member.compress_size, 1)} "
                f"to 1 (limit {limits.max_ratio})"
            )
        total += member.file_size
        if total > limits.max_total_bytes:
            raise ArchiveRefused(f"members declare over {limits.max_total_bytes} bytes in all")


def zip_open(file, *, limits: ArchiveLimits | None = None) -> zipfile.ZipFile:
    """Open `file` as a ZIP package and check it (`zip_check`); ArchiveRefused when it is not a
    package or is refused. The caller closes it."""
    try:
        package = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ArchiveRefused(f"not a readable ZIP package ({type(error).__name__})") from error
    try:
        zip_check(package, limits=limits)
    except ArchiveRefused:
        package.close()
        raise
    return package


class _CappedStream:
    """A member's inflated bytes, at most `cap` of them and until `deadline` (a read past
    either raises ArchiveRefused)."""

    def __init__(self, raw, *, cap, deadline, name):
        self.raw, self.cap, self.deadline, self.name = raw, cap, deadline, name
        self.count = 0

    def read(self, size=-1):
        if size is None or size < 0 or size > 64 * 1024:
            size = 64 * 1024
        try:
            data = self.raw.read(size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            # zipfile stops at the declared size, then checks the CRC: a lying header ends here.
            raise ArchiveRefused(f"{self.name}: {type(error).__name__}") from error
        self.count += len(data)
        if self.count > self.cap:
            raise ArchiveRefused(f"{self.name} inflates past {self.cap} bytes")
        if time.monotonic() > self.deadline:
            raise ArchiveRefused(f"{self.name} took too long to read")
        return data

    def close(self):
        self.raw.close()


def member_stream(package, name, *, limits=None, deadline=None):
    """A file-like reader of one member, capped (bytes and time); KeyError when absent."""
    limits = limits or archive_limits()
    info = package.getinfo(name)
    if deadline is None:
        deadline = time.monotonic() + limits.max_seconds
    return _CappedStream(
        package.open(info),
        cap=min(info.file_size, limits.max_member_bytes),
        deadline=deadline,
        name=name,
    )
