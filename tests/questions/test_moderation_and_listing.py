"""Moderation, the asker's e-mail, the public listing by topic, search, and what is never public."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.models import IndexEntry

from portal.submissions.models import SubmissionStatus
from portal.submissions.services import ModerationError
from questions.factories import QuestionFactory
from questions.services import question_publish, question_reject

pytestmark = pytest.mark.django_db

ASKER = {"name": "Lê Thị Hồng", "email": "hong.le@example.vn", "phone": "0905123456"}


@pytest.fixture
def staff():
    return User.objects.create_superuser("so-admin", password="x")


def answered(qa_page, staff, *, topic=None, question, answer, **extra):
    item = QuestionFactory(page=qa_page, topic=topic, question=question, answer=answer, **extra)
    return question_publish(question=item, user=staff)


def test_publishing_needs_an_answer_and_illegal_moves_are_refused(qa_page, staff):
    question = QuestionFactory(page=qa_page)
    with pytest.raises(ModerationError, match="câu trả lời"):
        question_publish(question=question, user=staff)
    question.refresh_from_db()
    assert question.status == SubmissionStatus.PENDING
    question_reject(question=question, user=staff)
    with pytest.raises(ModerationError):
        question_reject(question=question, user=staff)


def test_the_asker_is_emailed_once_in_vietnamese_when_answered(
    qa_page, staff, django_capture_on_commit_callbacks
):
    question = QuestionFactory(page=qa_page, answer="Lịch thi sẽ công bố vào tháng 3.", **ASKER)
    with django_capture_on_commit_callbacks(execute=True):
        question_publish(question=question, user=staff)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ASKER["email"]]
    assert "đã được trả lời" in message.subject
    assert "Lịch thi sẽ công bố vào tháng 3." in message.body
    assert f"/hoi-dap/{question.pk}/" in message.body
    question.refresh_from_db()
    assert question.notified_at is not None
    # Withdrawn and published again: no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        question_reject(question=question, user=staff)
        question_publish(question=question, user=staff)
    assert len(mail.outbox) == 1


def test_published_questions_are_listed_by_topic_without_personal_data(client, qa_page, staff):
    admissions, policy = qa_page.topics.all()[:2]
    first = answered(
        qa_page, staff, topic=admissions, question="Hồ sơ tuyển sinh lớp 6 gồm gì?",
        answer="Gồm đơn và giấy khai sinh.", **ASKER,
    )  # fmt: skip
    answered(
        qa_page, staff, topic=policy, question="Chế độ miễn học phí áp dụng thế nào?",
        answer="Theo Nghị định 81.", name="Phạm Văn Cường", email="cuong@example.vn",
    )  # fmt: skip
    pending = QuestionFactory(page=qa_page, question="Câu hỏi chưa được trả lời?")
    html = client.get(qa_page.url).content.decode()
    assert "Hồ sơ tuyển sinh lớp 6 gồm gì?" in html and "Chế độ miễn học phí" in html
    assert pending.question not in html
    by_topic = client.get(qa_page.url + f"chu-de/{admissions.slug}/").content.decode()
    assert "Hồ sơ tuyển sinh lớp 6 gồm gì?" in by_topic and "Chế độ miễn học phí" not in by_topic
    detail = client.get(qa_page.url + f"{first.pk}/")
    assert detail.status_code == 200
    assert "Gồm đơn và giấy khai sinh." in detail.content.decode()
    for page_html in (html, by_topic, detail.content.decode()):
        for secret in (*ASKER.values(), "Phạm Văn Cường", "cuong@example.vn"):
            assert secret not in page_html
    assert client.get(qa_page.url + f"{pending.pk}/").status_code == 404
    assert client.get(qa_page.url + "chu-de/khong-co/").status_code == 404


def test_a_question_is_not_reachable_through_another_sites_page(client, qa_page, schools, staff):
    from tests.questions.conftest import school_qa

    other = school_qa(schools[0])
    foreign = answered(other, staff, question="Câu hỏi của trường A?", answer="Trả lời.")
    assert client.get(qa_page.url + f"{foreign.pk}/").status_code == 404
    assert "Câu hỏi của trường A?" not in client.get(qa_page.url).content.decode()


def test_the_listing_is_paginated_with_bounded_queries(client, qa_page, staff):
    topic = qa_page.topics.first()
    for number in range(3):
        answered(qa_page, staff, topic=topic, question=f"Câu hỏi số {number}?", answer="Có.")
    client.get(qa_page.url)  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        client.get(qa_page.url)
    for number in range(3, 14):
        answered(qa_page, staff, topic=topic, question=f"Câu hỏi số {number}?", answer="Có.")
    with CaptureQueriesContext(connection) as many:
        response = client.get(qa_page.url)
    assert len(many) == len(few)
    assert response.context["questions"].paginator.num_pages == 2
    assert client.get(qa_page.url + "?page=2").status_code == 200
    assert client.get(qa_page.url + "?page=9").status_code == 404


def test_search_finds_answers_with_or_without_diacritics(client, qa_page, staff):
    topic = qa_page.topics.get(name="Tuyển sinh")
    answered(
        qa_page, staff, topic=topic, question="Khi nào thi tuyển sinh lớp 10?",
        answer="Kỳ thi diễn ra đầu tháng 6.",
    )  # fmt: skip
    answered(qa_page, staff, question="Học phí bán trú bao nhiêu?", answer="Theo quy định.")
    for query in ("tuyển sinh", "tuyen sinh", "dau thang 6"):
        html = client.get(qa_page.url, {"q": query}).content.decode()
        assert "Khi nào thi tuyển sinh lớp 10?" in html, query
        assert "Học phí bán trú" not in html, query


def test_the_search_index_holds_public_text_only(qa_page, staff):
    question = answered(
        qa_page, staff, topic=qa_page.topics.first(), question="Xin hỏi về học bổng?",
        answer="Xem thông báo của Sở.", **ASKER,
    )  # fmt: skip
    pending = QuestionFactory(page=qa_page, question="Câu hỏi đang chờ duyệt?", **ASKER)
    entries = IndexEntry.objects.filter(content_type__model="question")
    assert [int(entry.object_id) for entry in entries] == [question.pk]
    indexed = " ".join(f"{entry.title} {entry.body} {entry.autocomplete}" for entry in entries)
    # PostgreSQL stores lexemes ('bổng':5), SQLite the words themselves.
    assert "bổng" in indexed and "thông" in indexed
    for secret in ("lê", "thị", "hồng", "hong.le", "example.vn", "0905123456"):
        assert f"'{secret}'" not in indexed and f" {secret} " not in f" {indexed} ", secret
    assert "hong.le" not in indexed and "0905123456" not in indexed
    assert pending.question not in indexed
    question_reject(question=question, user=staff)
    assert not IndexEntry.objects.filter(content_type__model="question").exists()


@pytest.mark.parametrize("query", ['"', "\\", '"tuyen sinh', "a%00b"])
def test_the_question_search_takes_quotes_and_refuses_nul(client, qa_page, staff, query):
    topic = qa_page.topics.get(name="Tuyển sinh")
    answered(qa_page, staff, topic=topic, question="Tuyển sinh lớp 10?", answer="Tháng 6.")
    response = client.get(f"{qa_page.url}?q={query}")
    if "%00" in query:
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        if "tuyen" in query:
            assert "Tuyển sinh lớp 10?" in response.content.decode()
