"""The moderation queue in the admin: scoped by id (as the isolation matrix), moderation, export."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from portal.submissions.models import SubmissionStatus
from questions.factories import QuestionFactory
from questions.models import Question
from tests.questions.conftest import school_qa

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(qa_page, schools):
    school_a, school_b = schools
    users = {}
    for key, school in (("A", school_a), ("B", school_b)):
        for role, group in (
            ("editor", school.editors_group),
            ("moderator", school.moderators_group),
        ):
            user = User.objects.create_user(f"{role}-{key}", password="x")
            user.groups.add(group)
            users[f"{role}-{key}"] = user
    users["admin"] = User.objects.create_superuser("so-admin", password="x")
    questions = {
        "dept": QuestionFactory(page=qa_page, question="Câu hỏi gửi Sở alphaq?"),
        "A": QuestionFactory(page=school_qa(school_a), question="Câu hỏi trường A alphaq?"),
        "B": QuestionFactory(page=school_qa(school_b), question="Câu hỏi trường B bravoq?"),
    }
    return users, questions


def url(name, question=None):
    if question is None:
        return reverse(f"questions:{name}")
    return reverse(f"questions:{name}", args=(question.pk,))


VIEWS = ["edit", "delete", "inspect", "history"]


@pytest.mark.parametrize("view", VIEWS)
def test_a_school_moderator_reaches_only_their_schools_questions(client, world, view):
    users, questions = world
    client.force_login(users["moderator-A"])
    assert client.get(url(view, questions["A"])).status_code == 200
    for other in ("B", "dept"):
        response = client.get(url(view, questions[other]))
        assert response.status_code == 404, (view, other)
        assert questions[other].question not in response.content.decode()


@pytest.mark.parametrize("view", VIEWS)
def test_editors_and_anonymous_visitors_reach_no_question(client, world, view):
    users, questions = world
    client.force_login(users["editor-A"])
    response = client.get(url(view, questions["A"]))
    assert response.status_code in (302, 403, 404)
    client.logout()
    response = client.get(url(view, questions["A"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_queue_lists_only_what_the_user_moderates(client, world):
    users, questions = world
    client.force_login(users["moderator-A"])
    html = client.get(url("index")).content.decode()
    assert questions["A"].question in html
    assert "bravoq" not in html and "Câu hỏi gửi Sở" not in html
    client.force_login(users["admin"])
    html = client.get(url("index")).content.decode()
    assert all(q.question in html for q in questions.values())


def test_a_moderator_answers_and_publishes_in_the_admin(client, world):
    users, questions = world
    question = questions["A"]
    client.force_login(users["moderator-A"])
    data = {"topic": "", "question": question.question, "answer": "", "decision": "published"}
    refused = client.post(url("edit", question), data)
    assert refused.status_code == 200
    assert "Hãy viết câu trả lời trước khi đăng" in refused.content.decode()
    question.refresh_from_db()
    assert question.status == SubmissionStatus.PENDING
    data["answer"] = "Nhà trường nhận hồ sơ từ ngày 1/7."
    assert client.post(url("edit", question), data).status_code == 302
    question.refresh_from_db()
    assert question.status == SubmissionStatus.PUBLISHED
    assert question.moderated_by == users["moderator-A"]
    # The contact details are read-only: a forged value does not change them.
    client.post(url("edit", question), {**data, "decision": "", "email": "x@evil.example"})
    question.refresh_from_db()
    assert question.email != "x@evil.example"


def test_a_moderator_cannot_publish_another_schools_question(client, world):
    users, questions = world
    client.force_login(users["moderator-A"])
    data = {"question": "x", "answer": "y", "decision": "published"}
    assert client.post(url("edit", questions["B"]), data).status_code == 404
    assert Question.objects.get(pk=questions["B"].pk).status == SubmissionStatus.PENDING


def test_the_csv_export_is_scoped(client, world):
    users, questions = world
    client.force_login(users["moderator-A"])
    response = client.get(url("index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "alphaq" in body and questions["A"].email in body
    assert "bravoq" not in body and "Câu hỏi gửi Sở" not in body
