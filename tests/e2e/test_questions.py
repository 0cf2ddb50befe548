"""A parent asks a question on the department portal and reads it once staff publish an answer.

The answer is written in the admin's plain textarea (Playwright cannot type into Draftail).
"""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from questions.factories import QuestionsPageFactory, add_topics
from questions.models import Question
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "MatKhau-ThuNghiem-2025"
ASKER = {"name": "Phạm Thị Mai", "email": "mai.pham@example.vn", "phone": "0935 222 333"}
QUESTION = "Xin hỏi trường nào trong tỉnh có lớp tiếng Nhật cho học sinh lớp 6?"
ANSWER = "Năm học tới, Trường THCS Cẩm Thành mở hai lớp tiếng Nhật cho học sinh lớp 6."


@pytest.fixture
def qa(live_server):
    from django.core.cache import cache

    cache.clear()
    home = build_home()
    page = QuestionsPageFactory(parent=home)
    add_topics(page, ["Tuyển sinh", "Chương trình học"])
    User.objects.create_superuser("so.admin", password=PASSWORD)
    return page


def test_submitting_a_question_and_seeing_it_after_an_answer_is_published(qa, new_page):
    visitor = new_page()
    visitor.goto(qa.url)
    visitor.get_by_role("link", name="Gửi câu hỏi").first.click()
    visitor.get_by_label("Họ và tên").fill(ASKER["name"])
    visitor.get_by_label("Thư điện tử").fill(ASKER["email"])
    visitor.get_by_label("Điện thoại", exact=True).fill(ASKER["phone"])
    visitor.get_by_label("Chủ đề").select_option(label="Chương trình học")
    visitor.get_by_label("Câu hỏi của bạn").fill(QUESTION)
    time.sleep(settings.FORM_MIN_SECONDS + 0.1)  # robots post instantly
    visitor.get_by_role("button", name="Gửi câu hỏi").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Đã gửi câu hỏi")
    question = Question.objects.get()
    # Not public before it is answered.
    visitor.goto(qa.url)
    expect(visitor.get_by_text(QUESTION)).to_have_count(0)

    staff = new_page()
    staff.goto("/admin/login/")
    staff.fill("#id_username", "so.admin")
    staff.fill("#id_password", PASSWORD)
    staff.locator("form button[type=submit]").click()
    expect(staff.locator("#id_password")).to_have_count(0)
    staff.goto(f"/admin/questions/edit/{question.pk}/")
    staff.fill("#id_answer", ANSWER)
    staff.get_by_label("Đăng", exact=True).check()
    staff.locator("form button[type=submit]:not([name])").last.click()
    expect(staff.locator(".messages")).to_be_visible()
    question.refresh_from_db()
    assert question.status == "published"

    visitor.goto(qa.url)
    visitor.get_by_role("link", name=QUESTION).click()
    expect(visitor.get_by_text(ANSWER)).to_be_visible()
    html = visitor.content()
    for secret in (ASKER["name"], ASKER["email"], "0935222333", ASKER["phone"]):
        assert secret not in html
    assert visitor.problems == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ASKER["email"]]
