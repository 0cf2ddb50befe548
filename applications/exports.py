"""Exports of the application queue: CSV and Excel, the same columns."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.spreadsheets import spreadsheet_safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(applications):
    yield [
        _("Receipt code"),
        _("Procedure"),
        _("Applicant"),
        _("Mobile phone"),
        _("Status"),
        _("Submitted at"),
        _("Due date"),
        _("Overdue"),
        _("Assigned to"),
        _("School"),
    ]
    for application in applications:
        yield [
            application.code,
            application.definition.title,
            application.applicant_name,
            application.applicant_phone,
            application.get_status_display(),
            timezone.localtime(application.submitted_at).strftime("%d/%m/%Y %H:%M"),
            application.due_date.strftime("%d/%m/%Y") if application.due_date else "",
            _("Yes") if application.is_overdue else "",
            application.assignee.get_username() if application.assignee else "",
            application.school.name if application.school else "",
        ]


def as_csv(applications, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    for row in rows(applications):
        writer.writerow(spreadsheet_safe_row(row))
    return response


def as_xlsx(applications, filename):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Applications"))
    for row in rows(applications):
        sheet.append(spreadsheet_safe_row(row))
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response
