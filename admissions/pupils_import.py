"""Import of pupils from the education database (CSDL ngành): CSV or Excel (.xlsx) files.

One row per pupil: student code, full name, date of birth (dd/mm/yyyy or yyyy-mm-dd, or a
date cell), gender (Nam/Nữ), the 12-digit personal ID number (checked against the date of
birth and the gender), the current school (by the ministry's school code; a school not in the
portal is kept by its name) and the commune or ward (by its administrative-unit code or name).
The stage and the school year come from the upload, not the file. The header row names the
columns, in any order, in Vietnamese as CSDL ngành exports them or by the English keys below.

A pupil is known by (school year, student code): a second import of the same file changes
nothing, a changed row updates its pupil. Every row is checked before anything is written;
a file with errors writes nothing unless the officer asked for the valid rows only. The writes
are bulk statements in one transaction: a few thousand rows import in a second or two.

A school's staff import only their own pupils: a row whose current school is not theirs (or
a known pupil recorded at another school) is refused, with its line and the reason.

A correction the school accepted with evidence (admissions/corrections.py) stands over a later
file that has another value (CSDL ngành is corrected later than the portal): the row's other
fields are imported and a notice on the row says the correction was kept.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions import ids
from admissions.models import Gender, Pupil, PupilCorrection, Stage
from portal.text import fold_vi
from sites.models import AdministrativeUnit, School

MAX_FILE_MB = 15
MAX_ROWS = 80_000  # a year group of the largest province, with room to spare
MAX_ERRORS_KEPT = 2_000  # listed in the report; the count covers them all
FIRST_DATA_LINE = 2  # the header is line 1, as a spreadsheet numbers rows
BATCH = 500

# Canonical column → the header spellings accepted (compared folded: no case, diacritics,
# spaces or punctuation).
COLUMNS = {
    "student_code": ("student_code", "ma hoc sinh", "ma hs", "ma so hoc sinh"),
    "full_name": ("full_name", "ho va ten", "ho ten", "ho ten hoc sinh", "ten hoc sinh"),
    "birth_date": ("birth_date", "ngay sinh", "ngay thang nam sinh"),
    "gender": ("gender", "gioi tinh"),
    "personal_id": (
        "personal_id",
        "ma dinh danh",
        "so dinh danh",
        "ma dinh danh ca nhan",
        "so dinh danh ca nhan",
        "so cccd",
        "cccd",
    ),
    "school_code": ("school_code", "ma truong"),
    "school_name": ("school_name", "ten truong", "truong", "truong hien tai", "truong dang hoc"),
    "unit": (
        "unit",
        "xa phuong",
        "xa",
        "phuong xa",
        "ma xa",
        "ma xa phuong",
        "ma don vi hanh chinh",
        "don vi hanh chinh",
        "noi cu tru",
    ),
}
REQUIRED = ("student_code", "full_name", "birth_date", "gender", "personal_id")
LABELS = {
    "student_code": "Mã học sinh",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "personal_id": "Mã định danh",
    "school_code": "Mã trường",
    "school_name": "Tên trường",
    "unit": "Xã/phường",
}
TEMPLATE_HEADER = [LABELS[name] for name in COLUMNS]

GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "nu": Gender.FEMALE, "female": Gender.FEMALE}
CODE_PATTERN = re.compile(r"^[0-9A-Z][0-9A-Z._-]{0,19}$")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")
# The fields a row sets, in the order they are compared.
FIELDS = (
    "stage",
    "full_name",
    "birth_date",
    "gender",
    "personal_id",
    "current_school_id",
    "current_school_name",
    "unit_id",
)
# A correction's field → the Pupil attribute it changes.
CORRECTED_ATTRIBUTE = {
    "full_name": "full_name",
    "birth_date": "birth_date",
    "gender": "gender",
    "personal_id": "personal_id",
    "unit": "unit_id",
}

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the officer who sent it."""


def _key(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold_vi(text)).strip()


HEADER_KEYS = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    stage: str
    school_year: int
    valid_only: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed_rows: int = 0
    written: bool = False
    errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed_rows == 0

    def as_dict(self) -> dict:
        return {
            "stage": self.stage,
            "school_year": self.school_year,
            "valid_only": self.valid_only,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed_rows": self.failed_rows,
            "written": self.written,
            "errors": [e.__dict__ for e in self.errors],
            "notices": [e.__dict__ for e in self.notices],
            "seconds": round(self.seconds, 2),
        }


# --- reading the file ----------------------------------------------------------------------


@dataclass
class Sheet:
    """The file's header (as written, and as canonical names) and its data rows."""

    header: list
    columns: dict  # canonical name → index
    rows: list  # (line, [values])

    def label(self, name) -> str:
        index = self.columns.get(name)
        if index is not None and str(self.header[index] or "").strip():
            return str(self.header[index]).strip()
        return LABELS[name]


def file_kind(data: bytes) -> str:
    """'xlsx' or 'csv', judged by the bytes (never by the name)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                if "xl/workbook.xml" in package.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise ImportFileError(
            _("This file is not an Excel workbook (.xlsx) nor a CSV file. Save it again.")
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls). Open it in Excel and save it as “Excel "
                "Workbook (.xlsx)” or “CSV UTF-8”, then send it again."
            )
        )
    return "csv"


def _csv_rows(data: bytes) -> list:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This file is not a CSV text file. Save it as “CSV UTF-8”."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(data: bytes, limit=MAX_ROWS + 1) -> list:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The Excel file could not be read: it may be damaged.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) >= limit:
                break
        return rows
    finally:
        workbook.close()


def _header_columns(header) -> dict:
    columns = {}
    for index, name in enumerate(header):
        canonical = HEADER_KEYS.get(_key(name))
        if canonical and canonical not in columns:
            columns[canonical] = index
    return columns


def read_pupils_file(*, data: bytes, header_only=False) -> Sheet:
    """The header and rows of a CSV (UTF-8, comma or semicolon) or .xlsx file (first sheet).
    Raises ImportFileError with a Vietnamese message when the file cannot be used at all.
    With `header_only`, only the header is read and checked (a quick check on upload)."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise ImportFileError(_("The file is larger than %(max)s MB.") % {"max": MAX_FILE_MB})
    if file_kind(data) == "xlsx":
        raw = _xlsx_rows(data, limit=1 if header_only else MAX_ROWS + 1)
    else:
        raw = _csv_rows(data)
    if not raw or not any(str(v or "").strip() for v in raw[0]):
        raise ImportFileError(_("The file is empty: it has no header row."))
    header = [("" if v is None else str(v)).strip() for v in raw[0]]
    columns = _header_columns(header)
    missing = [LABELS[name] for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFileError(
            _("The header row lacks these columns: %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(TEMPLATE_HEADER)}
        )
    if "school_code" not in columns and "school_name" not in columns:
        raise ImportFileError(
            _("The header row needs the current school: a “Mã trường” or “Tên trường” column.")
        )
    rows = []
    for offset, values in enumerate([] if header_only else raw[1:]):
        if not any(str(v).strip() for v in values if v is not None):
            continue  # a blank line
        rows.append((FIRST_DATA_LINE + offset, values))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows: split it into several files.")
            % {"max": MAX_ROWS}
        )
    return Sheet(header=header, columns=columns, rows=rows)


# --- checking a row ------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _personal_id(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel number cell lost the leading zero of the province code (051…).
        return str(int(value)).zfill(12)
    return _text(value).replace(" ", "")


@dataclass
class References:
    """What rows are checked against, read once per import (a few queries in all)."""

    schools: dict  # code → (id, name)
    units_by_code: dict  # code → id
    units_by_name: dict  # folded name → [ids]
    today: datetime.date

    @classmethod
    def load(cls) -> References:
        schools = {
            code.upper(): (pk, name)
            for code, pk, name in School.objects.values_list("code", "pk", "name")
        }
        by_code, by_name = {}, {}
        for pk, code, name, unit_type in AdministrativeUnit.objects.values_list(
            "pk", "code", "name", "unit_type"
        ):
            by_code[code] = pk
            for key in {_key(name), _key(f"{unit_type} {name}")}:
                by_name.setdefault(key, []).append(pk)
        return cls(
            schools=schools,
            units_by_code=by_code,
            units_by_name=by_name,
            today=timezone.localdate(),
        )

    def unit(self, text):
        """(unit id, error message or None)."""
        if text in self.units_by_code:
            return self.units_by_code[text], None
        if text.isdigit():
            return None, _("No commune or ward has the code %(code)s.") % {"code": text}
        key = _key(text)
        found = self.units_by_name.get(key)
        if not found:
            for prefix in UNIT_PREFIXES:
                if key.startswith(prefix):
                    found = self.units_by_name.get(key[len(prefix) :])
                    break
        if not found:
            return None, _("No commune or ward is named “%(name)s”.") % {"name": text}
        if len(set(found)) > 1:
            return None, _(
                "Several communes or wards are named “%(name)s”: write its code instead."
            ) % {"name": text}
        return found[0], None


class RowChecker:
    """Checks one row's cells in turn, collecting every problem (not just the first)."""

    def __init__(self, sheet: Sheet, line: int, values: list, refs: References):
        self.sheet, self.line, self.values, self.refs = sheet, line, values, refs
        self.errors = []

    def cell(self, name):
        index = self.sheet.columns.get(name)
        return self.values[index] if index is not None and index < len(self.values) else None

    def fail(self, name, message):
        self.errors.append(
            RowError(line=self.line, column=self.sheet.label(name), message=str(message))
        )

    def student_code(self):
        code = _text(self.cell("student_code")).upper()
        if not code:
            self.fail("student_code", _("The student code is missing."))
        elif not CODE_PATTERN.match(code):
            self.fail(
                "student_code",
                _("“%(code)s” is not a student code (letters and digits, at most 20).")
                % {"code": code[:30]},
            )
        return code

    def full_name(self):
        name = _text(self.cell("full_name"))
        if not name:
            self.fail("full_name", _("The full name is missing."))
        elif len(name) > 150 or not any(ch.isalpha() for ch in name):
            self.fail("full_name", _("This is not a full name (letters, at most 150 characters)."))
        return name

    def birth_date(self):
        raw = self.cell("birth_date")
        if raw in (None, ""):
            self.fail("birth_date", _("The date of birth is missing."))
            return None
        try:
            value = parse_date(raw)
        except ValueError:
            self.fail(
                "birth_date",
                _("“%(value)s” is not a date: write it as dd/mm/yyyy (for example 14/03/2021).")
                % {"value": _text(raw)[:30]},
            )
            return None
        today = self.refs.today
        if value >= today or value.year < today.year - 25:
            self.fail("birth_date", _("This date of birth is not possible for a pupil."))
            return None
        return value

    def gender(self):
        gender = GENDERS.get(_key(self.cell("gender")))
        if gender is None:
            self.fail("gender", _("Write the gender as “Nam” or “Nữ”."))
        return gender

    def personal_id(self, birth_date, gender):
        number = _personal_id(self.cell("personal_id"))
        if not number:
            self.fail("personal_id", _("The personal ID number is missing."))
            return number
        try:
            ids.check_personal_id(
                number,
                birth_date=birth_date,
                female=None if gender is None else gender == Gender.FEMALE,
            )
        except ValidationError as problem:
            self.fail("personal_id", problem.messages[0])
        return number

    def school(self):
        school_id, name = None, _text(self.cell("school_name"))
        code = _text(self.cell("school_code")).upper()
        if code and code in self.refs.schools:
            school_id, known_name = self.refs.schools[code]
            name = name or known_name
        elif code and not name:
            self.fail(
                "school_code",
                _(
                    "No school has the code %(code)s; write the school's name in the "
                    "“Tên trường” column."
                )
                % {"code": code[:20]},
            )
        elif not name:
            self.fail("school_name", _("The current school is missing."))
        if len(name) > 255:
            self.fail("school_name", _("The school's name is longer than 255 characters."))
        return school_id, name

    def unit(self):
        text = _text(self.cell("unit"))
        if not text:
            return None
        unit_id, problem = self.refs.unit(text)
        if problem:
            self.fail("unit", problem)
        return unit_id


def check_row(sheet: Sheet, line: int, values: list, refs: References):
    """(the pupil's fields, [RowError]) for one row; the fields are None when it has errors."""
    row = RowChecker(sheet, line, values, refs)
    code = row.student_code()
    name = row.full_name()
    birth_date = row.birth_date()
    gender = row.gender()
    personal_id = row.personal_id(birth_date, gender)
    school_id, school_name = row.school()
    unit_id = row.unit()
    if row.errors:
        return None, row.errors
    return {
        "student_code": code,
        "full_name": name,
        "birth_date": birth_date,
        "gender": gender,
        "personal_id": personal_id,
        "current_school_id": school_id,
        "current_school_name": school_name,
        "unit_id": unit_id,
    }, []


# --- the import ----------------------------------------------------------------------------


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(school_year, codes):
    found = {}
    for chunk in _chunks(codes, 2000):
        for pupil in Pupil.objects.filter(school_year=school_year, student_code__in=chunk):
            found[pupil.student_code] = pupil
    return found


def _ids_in_use(school_year, personal_ids):
    """personal ID → the student code already holding it this school year."""
    used = {}
    for chunk in _chunks(personal_ids, 2000):
        for code, number in Pupil.objects.filter(
            school_year=school_year, personal_id__in=chunk
        ).values_list("student_code", "personal_id"):
            used[number] = code
    return used


def _corrected_value(name, proposed, refs):
    """An accepted correction's value as the Pupil attribute holds it."""
    if name == "birth_date":
        return datetime.date.fromisoformat(proposed)
    if name == "unit":
        return refs.units_by_code.get(proposed)
    return proposed


def _accepted_corrections(school_year, refs):
    """(pupil id, Pupil attribute) → the value the latest accepted correction of a pupil of
    the school year set (one query: corrections are few)."""
    kept = {}
    for pupil_id, name, proposed in (
        PupilCorrection.objects.filter(
            pupil__school_year=school_year,
            status=PupilCorrection.Status.ACCEPTED,
            field__in=list(CORRECTED_ATTRIBUTE),
        )
        .order_by("decided_at", "pk")
        .values_list("pupil_id", "field", "proposed")
    ):
        try:
            value = _corrected_value(name, proposed, refs)
        except ValueError:
            continue
        kept[(pupil_id, CORRECTED_ATTRIBUTE[name])] = (name, value)
    return kept


class _Import:
    def __init__(self, *, sheet, stage, school_year, school_ids, valid_only, progress):
        self.sheet, self.stage, self.school_year = sheet, stage, school_year
        self.allowed = None if school_ids is None else frozenset(school_ids)
        self.progress = progress
        self.report = ImportReport(stage=stage, school_year=school_year, valid_only=valid_only)
        self.report.total = len(sheet.rows)
        self.refs = References.load()

    def fail(self, problems):
        self.report.failed_rows += 1
        room = MAX_ERRORS_KEPT - len(self.report.errors)
        self.report.errors.extend(problems[: max(room, 0)])

    def problem(self, line, column, message):
        return RowError(line, self.sheet.label(column), str(message))

    def within_file(self, line, data, seen_codes, seen_ids):
        """Problems of a well-formed row with the rest of the file and the importer's scope."""
        problems = []
        first = seen_codes.setdefault(data["student_code"], line)
        if first != line:
            problems.append(
                self.problem(
                    line,
                    "student_code",
                    _("Student code %(code)s is already on line %(line)s of this file.")
                    % {"code": data["student_code"], "line": first},
                )
            )
        first_id = seen_ids.setdefault(data["personal_id"], (line, data["student_code"]))
        if first_id[1] != data["student_code"]:
            problems.append(
                self.problem(
                    line,
                    "personal_id",
                    _("This personal ID number is already on line %(line)s of this file.")
                    % {"line": first_id[0]},
                )
            )
        if self.allowed is not None and data["current_school_id"] not in self.allowed:
            column = "school_code" if "school_code" in self.sheet.columns else "school_name"
            problems.append(
                self.problem(
                    line,
                    column,
                    _("This pupil is not at your school: only the department imports them."),
                )
            )
        return problems

    def check_rows(self):
        checked, seen_codes, seen_ids = [], {}, {}
        for done, (line, values) in enumerate(self.sheet.rows, start=1):
            data, problems = check_row(self.sheet, line, values, self.refs)
            if data is not None:
                problems = self.within_file(line, data, seen_codes, seen_ids)
            if problems:
                self.fail(problems)
            else:
                checked.append((line, data))
            if self.progress is not None and done % 250 == 0:
                self.progress(done, self.report.total)
        return checked

    def against_database(self, line, data, pupil, holder):
        if holder is not None and holder != data["student_code"]:
            return self.problem(
                line,
                "personal_id",
                _("This personal ID number is already that of pupil %(code)s.") % {"code": holder},
            )
        if pupil is not None and pupil.stage != self.stage:
            return self.problem(
                line,
                "student_code",
                _("Student code %(code)s was imported for another stage (%(stage)s) this year.")
                % {"code": pupil.student_code, "stage": pupil.get_stage_display()},
            )
        if (
            pupil is not None
            and self.allowed is not None
            and pupil.current_school_id not in self.allowed
        ):
            return self.problem(
                line,
                "student_code",
                _("This pupil is recorded at another school: only the department changes it."),
            )
        return None

    def keep_corrections(self, line, pupil, values, kept):
        for attribute in CORRECTED_ATTRIBUTE.values():
            correction = kept.get((pupil.pk, attribute))
            if correction is None:
                continue
            name, corrected = correction
            current = getattr(pupil, attribute)
            if values[attribute] != current and current == corrected:
                values[attribute] = current
                self.report.notices.append(
                    self.problem(
                        line,
                        name,
                        _(
                            "Kept the correction the school accepted; correct it in the "
                            "education database too."
                        ),
                    )
                )

    def plan(self, checked):
        """(pupils to create, pupils to update) for the rows that passed every check."""
        codes = [data["student_code"] for _line, data in checked]
        existing = _existing(self.school_year, codes)
        in_use = _ids_in_use(self.school_year, [data["personal_id"] for _line, data in checked])
        kept = _accepted_corrections(self.school_year, self.refs)
        now = timezone.now()
        to_create, to_update = [], []
        for line, data in checked:
            pupil = existing.get(data["student_code"])
            problem = self.against_database(line, data, pupil, in_use.get(data["personal_id"]))
            if problem is not None:
                self.fail([problem])
                continue
            values = {"stage": self.stage, **{k: data[k] for k in FIELDS if k != "stage"}}
            if pupil is None:
                to_create.append(
                    Pupil(
                        school_year=self.school_year,
                        student_code=data["student_code"],
                        imported_at=now,
                        updated_at=now,
                        **values,
                    )
                )
                continue
            self.keep_corrections(line, pupil, values, kept)
            changed = [k for k in FIELDS if getattr(pupil, k) != values[k]]
            if changed:
                for k in changed:
                    setattr(pupil, k, values[k])
                pupil.updated_at = now
                to_update.append(pupil)
            else:
                self.report.unchanged += 1
        return to_create, to_update

    def run(self):
        to_create, to_update = self.plan(self.check_rows())
        report = self.report
        if report.failed_rows == 0 or report.valid_only:
            with transaction.atomic():
                Pupil.objects.bulk_create(to_create, batch_size=BATCH)
                if to_update:
                    Pupil.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=BATCH)
            report.created, report.updated = len(to_create), len(to_update)
            report.written = True
        else:
            report.unchanged = 0
        if self.progress is not None:
            self.progress(report.total, report.total)
        return report


def pupils_import(
    *,
    sheet: Sheet,
    stage: str,
    school_year: int,
    school_ids: Iterable[int] | None = None,
    valid_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row of `sheet`, then write the pupils (created or updated) in one
    transaction. `school_ids`: the schools whose pupils the importer may touch (None: the
    whole province). With errors, nothing is written unless `valid_only`. `progress(done,
    total)` is called while checking (every few hundred rows) and once at the end."""
    if stage not in Stage.values:
        raise ImportFileError(_("Choose the stage of the pupils in the file."))
    started = timezone.now()
    report = _Import(
        sheet=sheet,
        stage=stage,
        school_year=school_year,
        school_ids=school_ids,
        valid_only=valid_only,
        progress=progress,
    ).run()
    report.seconds = (timezone.now() - started).total_seconds()
    return report
