import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sites.importing import (
    CREATED,
    FAILED,
    UPDATED,
    ImportFileError,
    read_schools_csv,
    schools_import,
)

BAR_WIDTH = 30


class ProgressBar:
    """A one-line progress bar on a stream (stderr): [#####.....] 450/900  50%  12.3 s."""

    def __init__(self, stream, width=BAR_WIDTH):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.last_drawn = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.last_drawn < 0.1:
            return  # redraw at most ten times a second
        self.last_drawn = now
        fraction = done / total if total else 1
        filled = int(self.width * fraction)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {fraction:4.0%} {now - self.started:6.1f} s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import schools from a CSV file (UTF-8; columns code, name, slug, levels, type, unit, "
        "address, phone, email, principal, latitude, longitude): new codes are provisioned, "
        "known codes updated. Exits with status 1 if any row failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report every row, then roll back: nothing is written.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}") from None
        try:
            rows = read_schools_csv(data=data)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        progress = ProgressBar(sys.stderr) if rows else None
        report = schools_import(rows=rows, progress=progress, dry_run=dry_run)

        for row in report.rows:
            if row.status == FAILED:
                for message in row.errors:
                    self.stderr.write(f"Dòng {row.line} ({row.code or '—'}): {message}")
            elif row.status in (CREATED, UPDATED) and options["verbosity"] > 1:
                self.stdout.write(f"Dòng {row.line} ({row.code}): {row.status}")
        prefix = "Chạy thử, không ghi gì: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(report.rows)} dòng: tạo mới {report.created}, cập nhật "
            f"{report.updated}, không đổi {report.unchanged}, lỗi {report.failed}."
        )
        if not report.ok:
            raise CommandError(f"{report.failed} dòng bị lỗi (xem ở trên).")
