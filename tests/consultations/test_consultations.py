"""Consultations on drafts: comments while open, refusal after the deadline, moderation, export."""

import datetime
import time

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from consultations.factories import (
    ConsultationCommentFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
)
from consultations.models import ConsultationComment
from portal.spam import HONEYPOT_FIELD, TOKEN_FIELD, issue_form_token
from portal.submissions.models import SubmissionStatus
from portal.submissions.services import submission_publish

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def index(home):
    return ConsultationIndexPageFactory(parent=home)


@pytest.fixture
def open_draft(index):
    return ConsultationPageFactory(parent=index, title="Dự thảo quy định dạy thêm học thêm")


@pytest.fixture
def closed_draft(index):
    return ConsultationPageFactory(
        parent=index,
        title="Dự thảo kế hoạch tuyển sinh 2026",
        opens_at=NOW - datetime.timedelta(days=40),
        deadline=NOW - datetime.timedelta(days=1),
        outcome="<p>Sở đã tiếp thu 12 ý kiến và ban hành kế hoạch.</p>",
    )


def comment_data(**overrides):
    values = {
        "name": "Trần Thị Bình",
        "email": "binh.tran@example.vn",
        "phone": "",
        "organisation": "",
        "section": "Điều 3",
        "comment": "Đề nghị bổ sung quy định về thời lượng dạy thêm trong tuần.",
        HONEYPOT_FIELD: "",
        TOKEN_FIELD: issue_form_token(time.time() - 5),
    }
    values.update(overrides)
    return values


def test_an_open_consultation_takes_a_comment_that_waits_for_moderation(client, open_draft):
    page = client.get(open_draft.url)
    assert page.status_code == 200
    assert 'name="comment"' in page.content.decode()
    response = client.post(open_draft.url, comment_data())
    assert response.status_code == 302
    assert response["Location"] == open_draft.url + "da-gui/"
    comment = ConsultationComment.objects.get()
    assert comment.status == SubmissionStatus.PENDING and comment.page == open_draft


def test_bad_input_is_refused_with_a_vietnamese_message(client, open_draft):
    response = client.post(open_draft.url, comment_data(email="", phone=""))
    assert response.status_code == 400
    assert "Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused(client, closed_draft):
    html = client.get(closed_draft.url).content.decode()
    assert 'name="comment"' not in html
    assert "Việc lấy ý kiến đã kết thúc" in html
    assert "Sở đã tiếp thu 12 ý kiến" in html  # the outcome is shown once closed
    response = client.post(closed_draft.url, comment_data())
    assert response.status_code == 403
    assert "Không tiếp nhận thêm ý kiến" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_before_it_opens_comments_are_refused(client, index):
    later = ConsultationPageFactory(
        parent=index,
        opens_at=NOW + datetime.timedelta(days=2),
        deadline=NOW + datetime.timedelta(days=30),
    )
    response = client.post(later.url, comment_data())
    assert response.status_code == 403
    assert "Vui lòng quay lại" in response.content.decode()


def test_open_and_closed_consultations_are_listed_separately(
    client, index, open_draft, closed_draft
):
    open_html = client.get(index.url).content.decode()
    closed_html = client.get(index.url + "da-ket-thuc/").content.decode()
    assert open_draft.title in open_html and closed_draft.title not in open_html
    assert closed_draft.title in closed_html and open_draft.title not in closed_html
    assert "Đã công bố kết quả" in closed_html


def test_published_comments_are_shown_without_personal_data_if_chosen(client, open_draft):
    admin = User.objects.create_superuser("so-admin", password="x")
    shown = ConsultationCommentFactory(
        page=open_draft, name="Võ Minh Khoa", email="khoa@example.vn", phone="0905111222",
        organisation="Công ty ABC", comment="Nên quy định rõ mức thu.",
    )  # fmt: skip
    submission_publish(submission=shown, user=admin)
    hidden = ConsultationCommentFactory(page=open_draft, comment="Ý kiến chưa duyệt.")
    assert "Nên quy định rõ mức thu." not in client.get(open_draft.url).content.decode()
    open_draft.show_comments = True
    open_draft.save_revision().publish()
    html = client.get(open_draft.url).content.decode()
    assert "Nên quy định rõ mức thu." in html and hidden.comment not in html
    for secret in ("Võ Minh Khoa", "khoa@example.vn", "0905111222", "Công ty ABC"):
        assert secret not in html


def test_staff_moderate_and_export_comments_to_csv(client, open_draft):
    comment = ConsultationCommentFactory(page=open_draft, name="Đỗ Văn Hải", phone="0912000111")
    client.force_login(User.objects.create_superuser("so-admin", password="x"))
    edit = reverse("consultation-comments:edit", args=(comment.pk,))
    data = {"section": comment.section, "comment": comment.comment, "decision": "published"}
    assert client.post(edit, data).status_code == 302
    comment.refresh_from_db()
    assert comment.status == SubmissionStatus.PUBLISHED
    response = client.get(reverse("consultation-comments:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "Đỗ Văn Hải" in body and "0912000111" in body and open_draft.title in body


def test_school_staff_do_not_see_department_comments(client, open_draft, home):
    from sites import factories as site_factories

    site_factories.SchoolIndexPageFactory(parent=home)
    school = site_factories.provision_school("Trường THCS Cẩm Thành", "51000201", slug="th-b")
    moderator = User.objects.create_user("moderator-b", password="x")
    moderator.groups.add(school.moderators_group)
    comment = ConsultationCommentFactory(page=open_draft)
    client.force_login(moderator)
    edit = reverse("consultation-comments:edit", args=(comment.pk,))
    assert client.get(edit).status_code == 404
    assert (
        comment.comment not in client.get(reverse("consultation-comments:index")).content.decode()
    )


def test_the_deadline_must_follow_the_opening(index):
    from django.core.exceptions import ValidationError

    draft = ConsultationPageFactory.build(
        title="Sai hạn", opens_at=NOW, deadline=NOW - datetime.timedelta(days=1)
    )
    index.add_child(instance=ConsultationPageFactory.build(title="Đúng hạn", slug="dung-han"))
    with pytest.raises(ValidationError):
        draft.clean()
