"""The lists the admissions council (Hội đồng tuyển sinh) needs, as Excel workbooks.

Two lists per round, for one school or (for the department) every school: the registrations
(code, name, date of birth, gender, commune, choices NV1..K, the priority and incentive
claimed, verification status, outcome) and the admitted pupils. Every text cell goes through
portal.spreadsheets (a name or a commune typed as ``=HYPERLINK(…)`` stays text); dates are
real date cells shown as dd/mm/yyyy. The rows come from admissions.dashboard (the reads);
who may export what and the audit log entry are the view's (admissions/admin/dashboard.py).

File names say what the list is (grade, school year, school code), never whom it is about.
"""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.models import Gender, Outcome, Track
from portal.spreadsheets import spreadsheet_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


class Sheet:
    """What one export writes: its title, header and rows (lists of cell values)."""

    def __init__(self, *, title, header, rows, widths=None):
        self.title = title
        self.header = header
        self.rows = rows
        self.widths = widths or {}


def _yes(value):
    return _("Yes") if value else ""


def _claim(group):
    return f"{group.name} ({group.points_display})" if group else ""


def _programme(programme):
    return str(programme) if programme else ""


def _local(value):
    """An aware datetime as a naive local one (Excel has no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _gender(value):
    return str(Gender(value).label) if value in Gender.values else value


def _choice_columns(round_page, tracks):
    """The headings of the choices: NV1..NVK (one column, "School registered", without
    ranked choices), then one per other track offered in the round."""
    if round_page.ranks_choices:
        ranked = [f"NV{rank}" for rank in range(1, round_page.max_choices + 1)]
    else:
        ranked = [_("School registered")]
    return ranked + [str(Track(track).label) for track in tracks]


def _choice_cells(registration, round_page, tracks):
    choices = list(registration.choices.all())  # prefetched, ordered by track and rank
    regular = {c.rank: c.programme for c in choices if c.track == Track.REGULAR}
    width = round_page.max_choices if round_page.ranks_choices else 1
    cells = [_programme(regular.get(rank)) for rank in range(1, width + 1)]
    other = {c.track: c.programme for c in choices if c.track != Track.REGULAR}
    return cells + [_programme(other.get(track)) for track in tracks]


def registrations_sheet(round_page, registrations, *, tracks) -> Sheet:
    """Every registration of the list, one row each."""
    choice_headings = _choice_columns(round_page, tracks)
    header = [
        _("Receipt code"),
        _("School"),
        _("Full name"),
        _("Date of birth"),
        _("Gender"),
        _("Commune or ward of residence"),
        _("Lives in the school's catchment"),
        *choice_headings,
        _("Priority claimed"),
        _("Incentive claimed"),
        _("Verification status"),
        _("Outcome"),
        _("Admitted to"),
        _("Submitted at"),
        _("Registered at a help desk"),
        _("Duplicate of"),
    ]

    def rows():
        for registration in registrations:
            application = registration.application
            yield [
                application.code,
                application.school.name if application.school else "",
                application.applicant_name,
                application.applicant_birth_date,
                _gender(registration.child_gender),
                str(registration.residence_unit),
                _yes(registration.in_catchment),
                *_choice_cells(registration, round_page, tracks),
                _claim(registration.priority_group),
                _claim(registration.incentive_group),
                str(application.get_status_display()),
                str(registration.get_outcome_display()),
                _programme(registration.admitted_programme),
                _local(application.submitted_at),
                _yes(registration.assisted_by_id),
                registration.duplicate_of.application.code if registration.duplicate_of else "",
            ]

    widths = {0: 16, 1: 32, 2: 28, 3: 13, 5: 24}
    widths.update({7 + index: 32 for index in range(len(choice_headings))})
    return Sheet(title=_("Registrations"), header=header, rows=rows(), widths=widths)


def _admitted_rank(registration):
    """The rank (NVk) of the admitted programme among the registration's choices."""
    for choice in registration.choices.all():
        if choice.programme_id == registration.admitted_programme_id:
            return f"NV{choice.rank}" if choice.track == Track.REGULAR else str(choice.programme)
    return ""


def admitted_sheet(round_page, registrations) -> Sheet:
    """The admitted pupils, one row each."""
    header = [
        _("Receipt code"),
        _("Admitted to"),
        *([_("Admitted at choice")] if round_page.ranks_choices else []),
        _("Full name"),
        _("Date of birth"),
        _("Gender"),
        _("Commune or ward of residence"),
        _("Priority claimed"),
        _("Incentive claimed"),
        _("Outcome"),
        _("Enrolment confirmed at"),
    ]

    def rows():
        for registration in registrations:
            application = registration.application
            yield [
                application.code,
                _programme(registration.admitted_programme),
                *([_admitted_rank(registration)] if round_page.ranks_choices else []),
                application.applicant_name,
                application.applicant_birth_date,
                _gender(registration.child_gender),
                str(registration.residence_unit),
                _claim(registration.priority_group),
                _claim(registration.incentive_group),
                str(
                    Outcome.CONFIRMED.label
                    if registration.outcome == Outcome.CONFIRMED
                    else _("Admitted, not confirmed yet")
                ),
                _local(registration.confirmed_at),
            ]

    widths = {0: 16, 1: 36, 2: 28, 3: 28}
    return Sheet(title=_("Admitted pupils"), header=header, rows=rows(), widths=widths)


def about_rows(*, round_page, schools, list_label, rows, user, now=None):
    """The second sheet: what the list is, for whom it was drawn up and when."""
    now = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    return [
        [_("List"), list_label],
        [_("Admission round"), round_page.title],
        [_("School"), schools],
        [_("Rows"), rows],
        [_("Exported at"), now],
        [_("Exported by"), user.get_username()],
        [
            _("Note"),
            _(
                "Personal data of children: for the admissions council only. Do not publish, "
                "forward or keep it beyond the round."
            ),
        ],
    ]


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell(sheet, value):
    """A formula-safe cell; dates as dates shown the Vietnamese way."""
    import datetime

    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def workbook_response(sheet: Sheet, *, filename, about) -> tuple[HttpResponse, int]:
    """The workbook (the list, then what it is) as a download, and how many rows it has."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    main = workbook.create_sheet(sheet.title[:31])
    for index, width in sheet.widths.items():
        main.column_dimensions[_column_letter(index)].width = width
    main.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for value in sheet.header:
        cell = _cell(main, value)
        cell.font = bold
        heading.append(cell)
    main.append(heading)
    count = 0
    for row in sheet.rows:
        main.append([_cell(main, value) for value in row])
        count += 1
    info = workbook.create_sheet(_("About this list")[:31])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 60
    for row in about(count):
        info.append([_cell(info, value) for value in row])
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    response["Cache-Control"] = "no-store"
    workbook.save(response)
    return response, count


def filename_for(round_page, *, list_slug, schools) -> str:
    """e.g. tuyen-sinh-lop-1-2027-dang-ky-51000101: what the list is (grade, year, the list,
    the school codes or "tat-ca"), never whom it is about."""
    codes = ["tat-ca"] if schools == "all" else list(schools)
    who = "-".join(re.sub(r"[^0-9A-Za-z]+", "-", code).strip("-").lower() for code in codes)
    return f"tuyen-sinh-lop-{round_page.grade}-{round_page.school_year}-{list_slug}-{who[:80]}"
