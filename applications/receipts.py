"""The applicant's receipt (biên nhận) as a PDF, built on the server.

fpdf2 writes the file; the fonts are DejaVu Sans, bundled in applications/fonts/ (they cover
Vietnamese), so the receipt looks the same on every machine and needs no system font. The
receipt carries what the printable page shows: code, the case's name, handling body, times, the
applicant's name and the documents submitted — the applicant's own copy, served only to the
session that submitted the application.
"""

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from applications.definitions import definition_of

FONTS = Path(__file__).resolve().parent / "fonts"


def _date(value, pattern="%d/%m/%Y"):
    return value.strftime(pattern) if value else "—"


def receipt_rows(application):
    """(label, value) pairs of the receipt, in order."""
    definition = definition_of(application)
    name = definition.title
    if definition.case_reference:
        name = f"{name} ({definition.case_reference})"
    return [
        (_("Receipt code"), application.code),
        (_("Procedure"), name),
        (
            _("Handling body"),
            application.school.name if application.school_id else definition.handled_by,
        ),
        (
            _("Submitted at"),
            _date(timezone.localtime(application.submitted_at), "%H:%M %d/%m/%Y"),
        ),
        (_("Expected result"), _date(application.due_date)),
        (_("Applicant"), application.applicant_name),
    ]


def receipt_pdf(application, *, tracking_url=""):
    """The receipt of `application` as PDF bytes."""
    pdf = FPDF(format="A4")
    receipt = _("Receipt")
    pdf.set_title(f"{receipt} {application.code}")
    pdf.set_author(settings.WAGTAIL_SITE_NAME)
    pdf.set_creator(settings.WAGTAIL_SITE_NAME)
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.epw

    def line(cell_width, height, text, **options):
        """A paragraph, then the next line at the left margin."""
        pdf.multi_cell(cell_width, height, text, new_x="LMARGIN", new_y="NEXT", **options)

    pdf.set_font("DejaVu", "B", 11)
    line(width, 6, settings.WAGTAIL_SITE_NAME.upper(), align="C")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 15)
    line(width, 8, _("Receipt of an online application").upper(), align="C")
    pdf.ln(6)

    label_width = 56
    for label, value in receipt_rows(application):
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(label_width, 7, f"{label}:")
        pdf.set_font("DejaVu", "", 11)
        line(width - label_width, 7, str(value))
    pdf.ln(4)

    pdf.set_font("DejaVu", "B", 12)
    line(width, 7, _("Documents submitted"))
    pdf.set_font("DejaVu", "", 11)
    attachments = list(application.attachments.all())
    for attachment in attachments:
        shown = attachment.original_name
        if attachment.label:
            shown = f"{attachment.label}: {shown}"
        line(width, 6, f"•  {shown}")
    if not attachments:
        line(width, 6, "—")
    pdf.ln(6)

    pdf.set_font("DejaVu", "", 10)
    line(
        width,
        5,
        _(
            "Keep the receipt code: with your phone number or date of birth it lets you "
            "follow the application."
        ),
    )
    if tracking_url:
        track = _("Track your application")  # (not inside an f-string: makemessages skips those)
        line(width, 5, f"{track}: {tracking_url}")
    pdf.ln(2)
    printed = _("Printed at")
    line(width, 5, f"{printed}: {timezone.localtime():%H:%M %d/%m/%Y}")
    return bytes(pdf.output())
