"""Demo consultations on drafts (Vietnamese) for the department."""

import datetime

from django.utils import timezone

from consultations.factories import (
    ConsultationCommentFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
)
from portal.factories import paragraph
from portal.submissions.models import SubmissionStatus

HOW = (
    "<p>Góp ý qua biểu mẫu trên trang này; hoặc gửi văn bản về Văn phòng Sở Giáo dục và Đào "
    "tạo, số 162 Hùng Vương; hoặc thư điện tử vanphong@quangngai.edu.vn.</p>"
)


def load_consultations(*, home):
    now = timezone.now()
    index = ConsultationIndexPageFactory(parent=home)
    extra = ConsultationPageFactory(
        parent=index,
        title="Dự thảo Quy định quản lý dạy thêm, học thêm trên địa bàn tỉnh",
        slug="du-thao-quy-dinh-day-them-hoc-them",
        summary="Quy định điều kiện, hồ sơ và trách nhiệm quản lý hoạt động dạy thêm, học thêm.",
        body=[paragraph("<p>Dự thảo gồm 4 chương, 18 điều.</p>")],
        opens_at=now - datetime.timedelta(days=10),
        deadline=now + datetime.timedelta(days=20),
        how_to_comment=HOW,
        show_comments=True,
    )
    ConsultationPageFactory(
        parent=index,
        title="Dự thảo Kế hoạch chuyển đổi số ngành Giáo dục giai đoạn 2026-2030",
        slug="du-thao-ke-hoach-chuyen-doi-so",
        summary="Mục tiêu, nhiệm vụ và giải pháp chuyển đổi số trong các cơ sở giáo dục.",
        opens_at=now - datetime.timedelta(days=3),
        deadline=now + datetime.timedelta(days=27),
        how_to_comment=HOW,
    )
    closed = ConsultationPageFactory(
        parent=index,
        title="Dự thảo Kế hoạch tuyển sinh lớp 10 năm học 2026-2027",
        slug="du-thao-ke-hoach-tuyen-sinh-lop-10",
        summary="Phương thức tuyển sinh, môn thi, chỉ tiêu và lịch tuyển sinh lớp 10.",
        opens_at=now - datetime.timedelta(days=60),
        deadline=now - datetime.timedelta(days=30),
        how_to_comment=HOW,
        outcome="<p>Sở nhận được 46 ý kiến; đã tiếp thu 31 ý kiến và ban hành Kế hoạch.</p>",
    )
    for page, status, comment in (
        (extra, SubmissionStatus.PUBLISHED, "Đề nghị quy định rõ thời lượng dạy thêm mỗi tuần."),
        (extra, SubmissionStatus.PENDING, "Cần có hướng dẫn cụ thể về thu, chi tiền học thêm."),
        (closed, SubmissionStatus.PUBLISHED, "Nên công bố chỉ tiêu sớm để học sinh lựa chọn."),
    ):
        ConsultationCommentFactory(
            page=page, name="Người góp ý (dữ liệu mẫu)", status=status, comment=comment
        )
    return index
