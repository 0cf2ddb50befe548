"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@`` (or their full-width forms), a tab
or a carriage return is evaluated by Excel and LibreOffice as a formula: a question or a
comment typed by the public as ``=HYPERLINK("http://…")`` or ``+cmd|' /C calc'!A0`` would run
on a staff member's machine. `spreadsheet_safe` prefixes such a cell with an apostrophe (shown
as text, not stored in the cell by Excel), as OWASP recommends. Every CSV export uses it:
the submission queues (questions, consultation comments), form submissions, the fleet
dashboard; the applications export (services/exports.py) should too.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(value):
    """The cell's text, with an apostrophe before a leading formula character.

    Numbers, dates and None are returned unchanged (a negative number is not a formula).
    """
    if not isinstance(value, str):
        return value
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def spreadsheet_safe_row(row):
    return [spreadsheet_safe(value) for value in row]


class FormulaSafeExportMixin:
    """For Wagtail's SpreadsheetExportMixin views (ModelViewSet index views, form submissions):
    every CSV cell through `spreadsheet_safe` (Wagtail already keeps XLSX cells as text)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


_SUBMISSIONS_LIST_VIEW = []


def formula_safe_submissions_list_view():
    """Wagtail's form-submissions listing view with FormulaSafeExportMixin (built once, late:
    Wagtail's views module needs the app registry)."""
    if not _SUBMISSIONS_LIST_VIEW:
        from wagtail.contrib.forms.views import SubmissionsListView

        _SUBMISSIONS_LIST_VIEW.append(
            type(
                "FormulaSafeSubmissionsListView", (FormulaSafeExportMixin, SubmissionsListView), {}
            )
        )
    return _SUBMISSIONS_LIST_VIEW[0]
