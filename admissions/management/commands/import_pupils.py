import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from admissions.models import Stage
from admissions.pupils_import import ImportFileError, pupils_import, read_pupils_file
from sites.management.commands.import_schools import ProgressBar

STAGES = {
    "preschool": Stage.PRESCHOOL,
    "mam-non": Stage.PRESCHOOL,
    "grade5": Stage.PRIMARY,
    "5": Stage.PRIMARY,
    "primary": Stage.PRIMARY,
    "grade9": Stage.LOWER_SECONDARY,
    "9": Stage.LOWER_SECONDARY,
    "lower_secondary": Stage.LOWER_SECONDARY,
}


class Command(BaseCommand):
    help = (
        "Import pre-loaded pupils from a file of the education database (CSDL ngành), CSV "
        "UTF-8 or Excel .xlsx: student code, full name, date of birth, gender, personal ID, "
        "school code or name, commune or ward. Known pupils (school year + student code) are "
        "updated. A file with errors writes nothing unless --valid-only. Exits with status 1 "
        "if any row failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or .xlsx file.")
        parser.add_argument(
            "--stage",
            required=True,
            choices=sorted(STAGES),
            help="What the pupils are finishing: preschool, grade5 or grade9.",
        )
        parser.add_argument(
            "--year",
            required=True,
            type=int,
            help="The school year they are admitted in (its first year, e.g. 2027).",
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the valid rows even if other rows have errors.",
        )

    def handle(self, *args, file, stage, year, valid_only, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"Năm học không hợp lệ: {year}.")
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error.strerror}") from None
        try:
            sheet = read_pupils_file(data=data)
            report = pupils_import(
                sheet=sheet,
                stage=STAGES[stage],
                school_year=year,
                valid_only=valid_only,
                progress=ProgressBar(sys.stderr) if sheet.rows else None,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for problem in report.errors:
            self.stderr.write(f"Dòng {problem.line}, cột “{problem.column}”: {problem.message}")
        if report.failed_rows > len({e.line for e in report.errors}):
            self.stderr.write("(Chỉ liệt kê một phần các lỗi.)")
        for notice in report.notices:
            self.stdout.write(f"Dòng {notice.line}, cột “{notice.column}”: {notice.message}")
        written = "" if report.written else "Không ghi gì vì tệp có lỗi. "
        self.stdout.write(
            f"{written}{report.total} dòng: thêm mới {report.created}, cập nhật "
            f"{report.updated}, không đổi {report.unchanged}, lỗi {report.failed_rows} "
            f"({report.seconds:.1f} s)."
        )
        if not report.ok:
            raise CommandError(f"{report.failed_rows} dòng bị lỗi (xem ở trên).")
