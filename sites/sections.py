"""The sections every school site must have (Circular 37/2020, Circular 09/2024, Decree 42/2022).

Provisioning creates them; the fleet dashboard reports those missing or empty. A section is
held by a page of `page_type`:

- `SchoolSectionPage` (a generic section an editor fills in: empty while its intro and body are);
- `portal.ContactPage` (provisioning adds the default form fields; empty without fields);
- any other page type. Provisioning creates it with `Model(title=..., slug=...)` (give its
  fields defaults), and the fleet dashboard counts it empty while it has no live child page, or,
  when the model names a StreamField in `section_content_field`, while that field is empty.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    slug: str
    page_type: str  # "app_label.ModelName" of the page that holds it


SECTION_PAGE = "school_sites.SchoolSectionPage"
NEWS_PAGE = "portal.NewsIndexPage"
CONTACT_PAGE = "portal.ContactPage"
CALENDAR_PAGE = "calendars.CalendarIndexPage"
DOCUMENTS_PAGE = "legaldocs.DocumentLibraryPage"
ORGANISATION_PAGE = "organisation.OrganisationPage"
STAFF_PAGE = "organisation.StaffDirectoryPage"
QUESTIONS_PAGE = "questions.QuestionsPage"
DISCLOSURES_PAGE = "disclosures.DisclosureIndexPage"

REQUIRED_SECTIONS = [
    Section("introduction", "Giới thiệu", "gioi-thieu", SECTION_PAGE),
    Section("organisation", "Cơ cấu tổ chức", "co-cau-to-chuc", ORGANISATION_PAGE),
    Section("staff", "Danh bạ cán bộ, giáo viên", "danh-ba", STAFF_PAGE),
    Section("news", "Tin tức", "tin-tuc", NEWS_PAGE),
    Section("disclosures", "Công khai", "cong-khai", DISCLOSURES_PAGE),
    Section("documents", "Văn bản", "van-ban", DOCUMENTS_PAGE),
    Section("admissions", "Tuyển sinh", "tuyen-sinh", SECTION_PAGE),
    Section("calendar", "Thời khoá biểu, lịch công tác", "lich", CALENDAR_PAGE),
    Section("contact", "Liên hệ", "lien-he", CONTACT_PAGE),
    Section("qa", "Hỏi đáp", "hoi-dap", QUESTIONS_PAGE),
]

SECTION_KIND_CHOICES = [
    ("introduction", _("Introduction")),
    ("organisation", _("Organisation")),
    ("staff", _("Staff directory")),
    ("disclosures", _("Public disclosures")),
    ("documents", _("Documents")),
    ("admissions", _("Admissions notice")),
    ("calendar", _("Timetable and calendar")),
    ("qa", _("Questions and answers")),
]


# What a required section will hold, shown on its page while it is still empty (with whom to
# contact meanwhile), so that a visitor following the menu never meets a blank page.
EMPTY_SECTION_TEXT = {
    "introduction": _(
        "This section will present the school: its history, mission, facilities and achievements."
    ),
    "organisation": _(
        "This section will show how the school is organised: its board of management, "
        "professional groups and unions."
    ),
    "staff": _(
        "This section will list the school's staff and teachers with their positions and "
        "official contact details."
    ),
    "disclosures": _(
        "This section will publish what the school must disclose (Circular 09/2024): general "
        "information, conditions ensuring quality, finances and the enrolment plan."
    ),
    "documents": _("This section will publish the school's plans, decisions and notices."),
    "admissions": _(
        "This section will publish the school's admissions notice: the enrolment plan, the "
        "dates and how to apply."
    ),
    "calendar": _("This section will show the timetable, the work calendar and school events."),
    "qa": _("This section will publish answers to questions from parents and pupils."),
}


def section_kind_of(page):
    """The required section ``page`` holds (its ``kind``, else by its page type), or None."""
    kind = getattr(page, "kind", "")
    if kind:
        return kind
    label = page._meta.label
    return next((s.kind for s in REQUIRED_SECTIONS if s.page_type == label), None)
