"""Asking a question: the form, its rules, the rate limit and the thank-you page."""

import logging
import re

import pytest
from django.test import override_settings

from portal.submissions.models import SubmissionStatus
from questions.models import Question
from tests.questions.conftest import form_data, school_qa

pytestmark = pytest.mark.django_db

ASK = "gui-cau-hoi/"


def test_a_valid_question_waits_for_moderation_and_redirects_to_thanks(client, qa_page, caplog):
    topic = qa_page.topics.get(name="Tuyển sinh")
    with caplog.at_level(logging.DEBUG):
        response = client.post(qa_page.url + ASK, form_data(topic=topic.pk))
    assert response.status_code == 302
    assert response["Location"] == qa_page.url + "da-gui/"
    question = Question.objects.get()
    assert question.status == SubmissionStatus.PENDING
    assert question.page == qa_page and question.topic == topic
    assert question.phone == "0912345678"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Cảm ơn" in thanks.content.decode()
    # Nothing personal in the logs.
    for secret in ("Nguyễn Thị Lan", "lan.nguyen@example.vn", "0912345678", "0912 345 678"):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "", "phone": ""}, "email", "thư điện tử hoặc số điện thoại"),
        ({"phone": "12345"}, "phone", "số điện thoại"),
        ({"email": "khong-phai-email"}, "email", "email"),
        ({"question": "Hỏi?"}, "question", "ít nhất"),
        ({"topic": ""}, "topic", "bắt buộc"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(client, qa_page, overrides, field, message):
    topic = qa_page.topics.first()
    response = client.post(qa_page.url + ASK, form_data(**{"topic": topic.pk, **overrides}))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not Question.objects.exists()
    # What was typed is kept.
    assert "Nguyễn Thị Lan" in response.content.decode()


def test_a_topic_of_another_site_is_refused(client, qa_page, schools):
    other = school_qa(schools[0])
    from questions.factories import add_topics

    foreign = add_topics(other, ["Bán trú"])[0]
    response = client.post(qa_page.url + ASK, form_data(topic=foreign.pk))
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_a_site_without_topics_asks_without_one(client, schools):
    page = school_qa(schools[0])
    host = {"HTTP_HOST": schools[0].hostname}
    assert client.get("/hoi-dap/" + ASK, **host).status_code == 200
    response = client.post("/hoi-dap/" + ASK, form_data(), **host)
    assert response.status_code == 302
    assert Question.objects.get().page == page


@override_settings(PUBLIC_FORM_RATE_LIMIT=2, PUBLIC_FORM_RATE_WINDOW=3600)
def test_the_form_is_rate_limited_per_client(client, qa_page):
    topic = qa_page.topics.first().pk
    for _ in range(2):
        assert client.post(qa_page.url + ASK, form_data(topic=topic)).status_code == 302
    refused = client.post(qa_page.url + ASK, form_data(topic=topic))
    assert refused.status_code == 429
    assert "Bạn đã gửi quá nhiều" in refused.content.decode()
    assert Question.objects.count() == 2
    # Another address is not affected.
    other = client.post(qa_page.url + ASK, form_data(topic=topic), REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 302


def test_the_spam_trap_refuses_robots(client, qa_page):
    response = client.post(
        qa_page.url + ASK, form_data(topic=qa_page.topics.first().pk, website="x")
    )
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_the_form_works_without_javascript_and_labels_every_field(client, qa_page):
    html = client.get(qa_page.url + ASK).content.decode()
    for field in ("name", "email", "phone", "topic", "question"):
        assert f'<label for="id_{field}">' in html
    # The only script is the site search box's optional, deferred autocomplete.
    scripts = re.findall(r"<script[^>]*>", html)
    assert all("search-autocomplete.js" in tag and "defer" in tag for tag in scripts)
