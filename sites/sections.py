"""The sections every school site must have (Circular 37/2020, Circular 09/2024, Decree 42/2022).

Provisioning creates them; the fleet dashboard reports those missing or empty. Sections that
other issues turn into richer page types (documents, disclosures, staff directory, Q&A) start
as section pages that editors fill in.
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

REQUIRED_SECTIONS = [
    Section("introduction", "Giới thiệu", "gioi-thieu", SECTION_PAGE),
    Section("organisation", "Cơ cấu tổ chức", "co-cau-to-chuc", SECTION_PAGE),
    Section("staff", "Danh bạ cán bộ, giáo viên", "danh-ba", SECTION_PAGE),
    Section("news", "Tin tức", "tin-tuc", "portal.NewsIndexPage"),
    Section("disclosures", "Công khai", "cong-khai", SECTION_PAGE),
    Section("documents", "Văn bản", "van-ban", SECTION_PAGE),
    Section("admissions", "Tuyển sinh", "tuyen-sinh", SECTION_PAGE),
    Section("calendar", "Thời khoá biểu, lịch công tác", "lich", SECTION_PAGE),
    Section("contact", "Liên hệ", "lien-he", "portal.ContactPage"),
    Section("qa", "Hỏi đáp", "hoi-dap", SECTION_PAGE),
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
