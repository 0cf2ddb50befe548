"""Demo public disclosures for a few schools: every category of the current school year,
with figures and a PDF file."""

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from disclosures.factories import DisclosurePageFactory, figure_table
from disclosures.models import DisclosureCategory, DisclosureIndexPage
from disclosures.schedule import school_year_of

SUMMARIES = {
    "thong-tin-chung": "Tên trường, địa chỉ, điện thoại, sứ mạng, tầm nhìn và cơ cấu tổ chức.",
    "dieu-kien-bao-dam-chat-luong": "Đội ngũ, cơ sở vật chất và kết quả kiểm định chất lượng.",
    "tai-chinh": "Thu, chi năm tài chính trước; học phí và các khoản thu năm học này.",
    "ke-hoach-tuyen-sinh": "Chỉ tiêu, đối tượng, phương thức và thời gian tuyển sinh.",
    "bao-cao-thuong-nien": "Báo cáo thường niên của nhà trường.",
}


def _figures(slug, number):
    if slug == "dieu-kien-bao-dam-chat-luong":
        return [
            figure_table(
                "Đội ngũ theo trình độ đào tạo",
                [
                    ("Tổng số cán bộ, giáo viên, nhân viên", 42 + number, "người"),
                    ("Trình độ thạc sĩ", 6 + number, "người"),
                    ("Trình độ đại học", 33, "người"),
                    ("Tỷ lệ giáo viên đạt chuẩn trở lên", "100", "%"),
                ],
            ),
            figure_table(
                "Cơ sở vật chất",
                [
                    ("Diện tích đất bình quân", "12.5", "m²/học sinh"),
                    ("Diện tích sàn xây dựng bình quân", "4.2", "m²/học sinh"),
                    ("Số phòng học", 24, "phòng"),
                ],
            ),
        ]
    if slug == "tai-chinh":
        return [
            figure_table(
                "Thu, chi năm tài chính 2025",
                [
                    ("Tổng thu", "8450000000", "đồng"),
                    ("Tổng chi", "8320000000", "đồng"),
                    ("Học phí", "0", "đồng/học sinh/tháng"),
                    ("Tiền ăn bán trú", "25000", "đồng/học sinh/ngày"),
                ],
                note="Học phí được miễn theo chính sách của tỉnh.",
            )
        ]
    return []


def load_school_disclosures(*, schools):
    """Disclosures of the current school year in every category, for each school given."""
    from portal.demo.loader import _minimal_pdf

    year = school_year_of(timezone.localdate())
    categories = list(DisclosureCategory.objects.all())
    for number, school in enumerate(schools):
        index = DisclosureIndexPage.objects.child_of(school.home_page).get()
        for category in categories:
            document = get_document_model().objects.create(
                title=f"{category.name} năm học {year}",
                file=ContentFile(_minimal_pdf(f"Cong khai {year}"), name="cong-khai.pdf"),
                collection=school.collection,
            )
            DisclosurePageFactory(
                parent=index,
                title=f"{category.name} năm học {year}",
                category=category,
                school_year=year,
                intro=SUMMARIES.get(category.slug, ""),
                files=[("file", {"document": document, "title": ""})],
                figures=_figures(category.slug, number),
            )
