"""Demo legal documents (Vietnamese) for the department's library and a few schools'."""

import datetime

from legaldocs.factories import (
    DocumentLibraryPageFactory,
    IssuingBodyFactory,
    LegalDocumentPageFactory,
    document_file,
)
from legaldocs.models import DocumentArea, DocumentLibraryPage, DocumentType, IssuingBody

# (key, number, type slug, issuer slug, area slug, subject, signer, issued, effective, expiry)
DEPARTMENT_DOCUMENTS = [
    ("tt29", "29/2024/TT-BGDĐT", "thong-tu", "bo-gddt", "giao-duc-trung-hoc",
     "Quy định về dạy thêm, học thêm", "Phạm Ngọc Thưởng – Thứ trưởng",
     (2024, 12, 30), (2025, 2, 14), None),
    ("tt30", "30/2024/TT-BGDĐT", "thong-tu", "bo-gddt", "tuyen-sinh",
     "Ban hành Quy chế tuyển sinh trung học cơ sở và tuyển sinh trung học phổ thông",
     "Phạm Ngọc Thưởng – Thứ trưởng", (2024, 12, 30), (2025, 2, 14), None),
    ("kh-ts-2024", "85/KH-SGDĐT", "ke-hoach", "so-gddt", "tuyen-sinh",
     "Kế hoạch tuyển sinh vào lớp 10 năm học 2024-2025", "Nguyễn Văn An – Giám đốc",
     (2024, 3, 5), None, None),
    ("kh-ts-2025", "112/KH-SGDĐT", "ke-hoach", "so-gddt", "tuyen-sinh",
     "Kế hoạch tuyển sinh vào lớp 10 năm học 2025-2026", "Nguyễn Văn An – Giám đốc",
     (2025, 3, 10), None, None),
    ("qd-khung", "1520/QĐ-UBND", "quyet-dinh", "ubnd-tinh", "giao-duc-trung-hoc",
     "Ban hành khung kế hoạch thời gian năm học 2025-2026 đối với giáo dục mầm non, "
     "giáo dục phổ thông và giáo dục thường xuyên", "Trần Phước Hiền – Phó Chủ tịch",
     (2025, 8, 12), None, (2026, 7, 1)),
    ("qd-khung-cu", "1210/QĐ-UBND", "quyet-dinh", "ubnd-tinh", "giao-duc-trung-hoc",
     "Ban hành khung kế hoạch thời gian năm học 2024-2025", "Trần Phước Hiền – Phó Chủ tịch",
     (2024, 8, 9), None, (2025, 7, 1)),
    ("cv-nhiem-vu", "1875/SGDĐT-GDTrH", "cong-van", "so-gddt", "giao-duc-trung-hoc",
     "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học 2025-2026",
     "Trần Thị Bích – Phó Giám đốc", (2025, 9, 5), None, None),
    ("cv-bao-lu", "2140/SGDĐT-VP", "cong-van", "so-gddt", "van-phong",
     "Chủ động ứng phó với bão và mưa lũ, bảo đảm an toàn cho học sinh",
     "Nguyễn Văn An – Giám đốc", (2025, 10, 20), None, None),
    ("qd-thi-dua", "45/QĐ-SGDĐT", "quyet-dinh", "so-gddt", "thi-dua-khen-thuong",
     "Ban hành Quy chế thi đua, khen thưởng ngành Giáo dục", "Nguyễn Văn An – Giám đốc",
     (2026, 1, 15), (2026, 12, 1), None),
]  # fmt: skip

SCHOOL_DOCUMENTS = [
    ("quyet-dinh", "Ban hành Quy chế chi tiêu nội bộ năm 2025", "/QĐ-", (2025, 1, 10)),
    ("ke-hoach", "Kế hoạch giáo dục nhà trường năm học 2025-2026", "/KH-", (2025, 9, 8)),
    ("thong-bao", "Thông báo lịch họp cha mẹ học sinh đầu năm học", "/TB-", (2025, 9, 15)),
]


def _terms():
    return (
        {t.slug: t for t in DocumentType.objects.all()},
        {t.slug: t for t in IssuingBody.objects.all()},
        {t.slug: t for t in DocumentArea.objects.all()},
    )


def load_department_documents(*, home):
    types, issuers, areas = _terms()
    library = DocumentLibraryPageFactory(
        parent=home,
        title="Văn bản",
        slug="van-ban",
        intro="Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành của ngành Giáo dục.",
    )
    pages = {}
    for row in DEPARTMENT_DOCUMENTS:
        key, number, type_slug, issuer_slug, area_slug, title, signer, issued, effective, expiry = (
            row
        )
        file = document_file(title=f"{number} {title}", name=f"{key}.pdf", text=number)
        pages[key] = LegalDocumentPageFactory(
            parent=library,
            title=title,
            number=number,
            document_type=types[type_slug],
            issuer=issuers[issuer_slug],
            area=areas[area_slug],
            signer=signer,
            issue_date=datetime.date(*issued),
            effective_date=datetime.date(*effective) if effective else None,
            expiry_date=datetime.date(*expiry) if expiry else None,
            summary=f"{title}.",
            files=[file],
        )
    for old, new in (("kh-ts-2024", "kh-ts-2025"), ("qd-khung-cu", "qd-khung")):
        pages[old].replaced_by = pages[new]
        pages[old].save()
    for page, related in (("kh-ts-2025", ["tt30"]), ("cv-nhiem-vu", ["tt29", "qd-khung"])):
        for key in related:
            pages[page].related_links.create(target=pages[key])
    return library


def fill_school_documents(*, school):
    """A few documents of the school in the library provisioning created for it."""
    library = DocumentLibraryPage.objects.child_of(school.home_page).get()
    issuer = IssuingBodyFactory(name=school.name)
    types, _issuers, _areas = _terms()
    abbreviation = "".join(word[0] for word in school.slug.split("-")).upper()
    for number, (type_slug, title, symbol, issued) in enumerate(SCHOOL_DOCUMENTS, start=1):
        code = f"{number * 7}{symbol}{abbreviation}"
        LegalDocumentPageFactory(
            parent=library,
            title=title,
            number=code,
            document_type=types[type_slug],
            issuer=issuer,
            signer=f"{school.principal} – Hiệu trưởng",
            issue_date=datetime.date(*issued),
            summary=f"{title}.",
            files=[
                document_file(
                    title=f"{code} {title}",
                    name=f"{school.slug}-{number}.pdf",
                    collection=school.collection,
                    text=code,
                )
            ],
        )
