"""Bulk import of schools from CSV: provisions new schools, updates known ones.

Each row is validated by the same form as the admin's "create school site" form and written
in its own transaction, so a bad row is reported and skipped without aborting the good ones
and without leaving anything of itself behind. Re-running a file updates the schools it
created instead of duplicating them (a school is known by its official code).

Columns (the header row names them, in any order; ``slug`` and the contact columns may be
left out): code, name, slug, levels ("C1;C2"), type, unit, address, phone, email,
principal, latitude, longitude.
"""

import contextlib
import csv
import io
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sites.forms import SchoolForm
from sites.models import School
from sites.provisioning import ProvisioningError, school_provision, school_update

COLUMNS = (
    "code",
    "name",
    "slug",
    "levels",
    "type",
    "unit",
    "address",
    "phone",
    "email",
    "principal",
    "latitude",
    "longitude",
)
REQUIRED_COLUMNS = ("code", "name", "levels", "type", "unit")
# SchoolForm field → CSV column, for error messages.
FIELD_COLUMNS = {
    "code": "code",
    "name": "name",
    "slug": "slug",
    "levels": "levels",
    "school_type": "type",
    "administrative_unit": "unit",
    "address": "address",
    "phone": "phone",
    "email": "email",
    "principal": "principal",
    "latitude": "latitude",
    "longitude": "longitude",
}
LEVEL_SEPARATORS = re.compile(r"[;,]")
FIRST_DATA_LINE = 2  # the header is line 1, as a spreadsheet numbers rows

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
FAILED = "failed"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who sent it."""


@dataclass
class RowResult:
    line: int
    code: str
    name: str
    status: str = FAILED
    errors: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    school_id: int | None = None

    @property
    def failed(self):
        return self.status == FAILED


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self):
        return self.count(CREATED)

    @property
    def updated(self):
        return self.count(UPDATED)

    @property
    def unchanged(self):
        return self.count(UNCHANGED)

    @property
    def failed(self):
        return self.count(FAILED)

    @property
    def failures(self):
        return [row for row in self.rows if row.failed]

    @property
    def ok(self):
        return self.failed == 0


def read_schools_csv(*, data):
    """The rows of a CSV file (bytes or text, UTF-8 with or without BOM) as dicts.

    Header names are matched without regard to case or surrounding spaces. Raises
    ImportFileError when the file is not UTF-8 text or has no header row.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(name.strip() for name in header):
        raise ImportFileError(_("The file is empty: it has no header row."))
    names = [name.strip().lower() for name in header]
    rows = []
    for values in reader:
        row = dict(zip(names, values, strict=False))
        if len(values) > len(names):
            row[None] = values[len(names) :]
        rows.append(row)
    return rows


def _form_data(values):
    levels = [
        code.strip().upper()
        for code in LEVEL_SEPARATORS.split(values.get("levels", ""))
        if code.strip()
    ]
    return {
        "code": values.get("code", ""),
        "name": values.get("name", ""),
        "slug": values.get("slug", ""),
        "levels": list(dict.fromkeys(levels)),
        "school_type": values.get("type", "").lower(),
        "administrative_unit": values.get("unit", ""),
        "address": values.get("address", ""),
        "phone": values.get("phone", ""),
        "email": values.get("email", ""),
        "principal": values.get("principal", ""),
        "latitude": values.get("latitude", ""),
        "longitude": values.get("longitude", ""),
    }


def _form_errors(form):
    messages = []
    for name, errors in form.errors.items():
        column = FIELD_COLUMNS.get(name)
        for message in errors:
            messages.append(f"{column}: {message}" if column else str(message))
    return messages


def _import_row(row, line, seen_codes):  # noqa: C901 - each column checked in turn, in the order of the file
    values = {
        key: (value or "").strip() for key, value in row.items() if isinstance(key, str) and key
    }
    if not any(values.values()) and None not in row:
        return None  # a blank line
    code = values.get("code", "")
    result = RowResult(line=line, code=code, name=values.get("name", ""))

    if None in row:
        result.errors.append(_("This row has more values than the header has columns."))
    missing = [column for column in REQUIRED_COLUMNS if column not in values]
    if missing:
        result.errors.append(
            _("Missing required columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if code:
        first = seen_codes.setdefault(code, line)
        if first != line:
            result.errors.append(
                _(
                    "Code %(code)s appears more than once in the file (first on line "
                    "%(line)s); this row was skipped."
                )
                % {"code": code, "line": first}
            )
    if result.errors:
        return result

    school = School.objects.filter(code=code).first() if code else None
    form = SchoolForm(data=_form_data(values), school=school)
    if not form.is_valid():
        result.errors.extend(_form_errors(form))
        return result
    data = form.school_data()
    try:
        with transaction.atomic():
            if school is None:
                school = school_provision(data=data)
                result.status = CREATED
            else:
                result.changed = school_update(school=school, data=data)
                result.status = UPDATED if result.changed else UNCHANGED
    except ProvisioningError as error:
        result.errors.append(str(error))
    except IntegrityError:
        result.errors.append(
            _("This row could not be saved: it conflicts with another school (code or address).")
        )
    else:
        result.school_id = school.pk
    return result


def schools_import(*, rows, progress=None, dry_run=False):
    """Import schools from ``rows`` (dicts keyed by column name, e.g. from read_schools_csv).

    New codes are provisioned (`school_provision`), known codes updated (`school_update`),
    each row in its own transaction. ``progress(done, total)`` is called after every row.
    With ``dry_run`` every row is checked and written exactly as it would be, then
    everything is rolled back: the report is the real one, the database is untouched.
    Lines are numbered as a spreadsheet numbers rows (the header is line 1).
    """
    rows = list(rows)
    total = len(rows)
    report = ImportReport(dry_run=dry_run)
    seen_codes = {}
    with transaction.atomic() if dry_run else contextlib.nullcontext():
        for index, row in enumerate(rows):
            result = _import_row(row, FIRST_DATA_LINE + index, seen_codes)
            if result is not None:
                report.rows.append(result)
            if progress is not None:
                progress(index + 1, total)
        if dry_run:
            transaction.set_rollback(True)
    return report
