"""Demo questions and answers (Vietnamese) for the department and a few schools."""

import datetime

from django.utils import timezone

from portal.factories import paragraph
from portal.submissions.models import SubmissionStatus
from questions.factories import QuestionFactory, QuestionsPageFactory, add_topics
from questions.models import QuestionsPage

DEPARTMENT_TOPICS = [
    "Tuyển sinh",
    "Thi tốt nghiệp THPT",
    "Chế độ chính sách",
    "Văn bằng, chứng chỉ",
]
DEPARTMENT_QUESTIONS = [
    ("Tuyển sinh", "Học sinh ở tỉnh khác chuyển về có được đăng ký dự tuyển lớp 10 công lập không?",
     "Có. Học sinh có nơi thường trú hoặc tạm trú tại tỉnh được đăng ký dự tuyển; hồ sơ nộp tại "
     "trường THPT đăng ký nguyện vọng 1 theo kế hoạch tuyển sinh của Sở."),
    ("Thi tốt nghiệp THPT", "Thí sinh tự do đăng ký dự thi tốt nghiệp THPT ở đâu?",
     "Thí sinh tự do đăng ký tại các điểm tiếp nhận do Sở quy định (trường THPT hoặc trung tâm "
     "GDNN-GDTX), hoặc đăng ký trực tuyến trên Hệ thống quản lý thi của Bộ."),
    ("Chế độ chính sách", "Con hộ cận nghèo có được miễn học phí không?",
     "Học sinh thuộc hộ cận nghèo được giảm 50% học phí theo Nghị định 81/2021/NĐ-CP và các văn "
     "bản sửa đổi; phụ huynh nộp đơn kèm giấy xác nhận hộ cận nghèo cho nhà trường."),
    ("Văn bằng, chứng chỉ", "Bị mất bằng tốt nghiệp THPT thì làm thế nào?",
     "Văn bằng không được cấp lại; người học đề nghị cấp bản sao từ sổ gốc tại Sở Giáo dục và "
     "Đào tạo (thủ tục có trên Cổng dịch vụ công)."),
]  # fmt: skip
SCHOOL_TOPICS = ["Tuyển sinh đầu cấp", "Bán trú", "Học phí"]
SCHOOL_QUESTIONS = [
    ("Tuyển sinh đầu cấp", "Khi nào nhà trường nhận hồ sơ tuyển sinh đầu cấp?",
     "Nhà trường nhận hồ sơ trực tuyến và trực tiếp từ ngày 01/7 đến hết ngày 15/7."),
    ("Bán trú", "Nhà trường có tổ chức bán trú cho học sinh không?",
     "Có. Phụ huynh đăng ký với giáo viên chủ nhiệm trong tuần đầu năm học."),
]  # fmt: skip
PENDING = ("Phụ huynh Nguyễn Văn Hải", "hai.nguyen@example.vn", "Xin hỏi lịch họp phụ huynh?")


def _fill(page, topics, questions):
    topic_by_name = {topic.name: topic for topic in add_topics(page, topics)}
    now = timezone.now()
    for number, (topic, question, answer) in enumerate(questions):
        QuestionFactory(
            page=page,
            topic=topic_by_name[topic],
            name="Người hỏi (dữ liệu mẫu)",
            email=f"nguoihoi{number}@example.vn",
            question=question,
            answer=answer,
            status=SubmissionStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=2 * number + 1),
            notified_at=now,
        )
    name, email, question = PENDING
    QuestionFactory(page=page, name=name, email=email, question=question)


def load_department_questions(*, home):
    page = QuestionsPageFactory(
        parent=home,
        body=[paragraph("<p>Câu hỏi được cán bộ Sở trả lời trong vòng 5 ngày làm việc.</p>")],
    )
    _fill(page, DEPARTMENT_TOPICS, DEPARTMENT_QUESTIONS)
    return page


def load_school_questions(*, school):
    page = QuestionsPage.objects.child_of(school.home_page).get()
    page.body = [paragraph("<p>Phụ huynh gửi câu hỏi; nhà trường trả lời trong 3 ngày.</p>")]
    page.save_revision().publish()
    _fill(page, SCHOOL_TOPICS, SCHOOL_QUESTIONS)
    return page
