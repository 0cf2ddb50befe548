"""Every public content type is found by the site search (without diacritics), at its own site,
with its content-type facet and the year that matters for it; drafts, unpublished pages and
the public's personal data (consultation comments, askers, applicants) never are."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from calendars import factories as calendar_factories
from consultations import factories as consultation_factories
from disclosures import factories as disclosure_factories
from legaldocs import factories as legaldoc_factories
from portal.submissions.models import SubmissionStatus
from procedures import factories as service_factories
from questions import factories as question_factories
from questions.models import QuestionsPage
from questions.services import question_publish, question_reject
from search.models import SearchEntry
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


def search(client, host, **params):
    return client.get("/tim-kiem/", params, HTTP_HOST=host).context["outcome"]


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


# One builder per public type: (page, the host it lives on, a query typed without diacritics
# that matches its text, the facet label, the year).


def legal_document(portal, *, live=True):
    library = legaldoc_factories.DocumentLibraryPageFactory(parent=portal["home"])
    page = legaldoc_factories.LegalDocumentPageFactory(
        parent=library,
        live=live,
        title="Quy định quản lý dạy thêm, học thêm",
        number="125/QĐ-SGDĐT",
        issue_date=datetime.date(2024, 3, 15),
        summary="Ban hành quy định về tổ chức dạy thêm ngoài nhà trường.",
    )
    return page, "localhost", "125/QD-SGDDT", "Văn bản", 2024


def disclosure(portal, *, live=True):
    disclosure_factories.DisclosureCategoryFactory(name="Cam kết chất lượng giáo dục")
    index = Page.objects.child_of(portal["school_a"].home_page).get(slug="cong-khai").specific
    page = disclosure_factories.DisclosurePageFactory(
        parent=index,
        live=live,
        title="Công khai năm học 2024-2025",
        school_year="2024-2025",
        date=datetime.date(2024, 9, 30),
        intro="Nhà trường công khai cam kết chất lượng giáo dục và điều kiện bảo đảm.",
    )
    return page, portal["school_a"].site.hostname, "dieu kien bao dam", "Công khai", 2024


def work_week(portal, *, live=True):
    calendar = calendar_factories.CalendarIndexPageFactory(parent=portal["home"])
    page = calendar_factories.WorkWeekPageFactory(
        parent=calendar, live=live, week_start=datetime.date(2025, 1, 6)
    )
    calendar_factories.WorkEntryFactory(
        page=page, date=page.week_start, content="Kiểm tra công tác phổ cập giáo dục"
    )
    return page, "localhost", "pho cap giao duc", "Lịch công tác", 2025


def event(portal, *, live=True):
    calendar = Page.objects.child_of(portal["school_b"].home_page).get(slug="lich").specific
    page = calendar_factories.EventPageFactory(
        parent=calendar,
        live=live,
        title="Hội diễn văn nghệ",
        start_date=datetime.date(2025, 11, 20),
        start_time=datetime.time(7, 30),
        intro="Chào mừng ngày Nhà giáo Việt Nam tại sân trường.",
    )
    return page, portal["school_b"].site.hostname, "nha giao viet nam", "Sự kiện", 2025


def meeting(portal, *, live=True):
    calendar = calendar_factories.CalendarIndexPageFactory(parent=portal["home"])
    page = calendar_factories.MeetingPageFactory(
        parent=calendar,
        live=live,
        title="Họp giao ban trực tuyến",
        date=datetime.date(2024, 12, 20),
        agenda="Sơ kết học kỳ I\nTriển khai kiểm định chất lượng",
    )
    return page, "localhost", "so ket hoc ky", "Lịch họp", 2024


def consultation(portal, *, live=True):
    index = consultation_factories.ConsultationIndexPageFactory(parent=portal["home"])
    page = consultation_factories.ConsultationPageFactory(
        parent=index,
        live=live,
        title="Dự thảo quy chế tuyển sinh mầm non",
        opens_at=aware(2025, 5, 2, 8),
        deadline=aware(2025, 6, 2, 17),
        summary="Lấy ý kiến về độ tuổi và hồ sơ nhập học mầm non.",
    )
    return page, "localhost", "do tuoi nhap hoc", "Lấy ý kiến dự thảo", 2025


def procedure(portal, *, live=True):
    index = service_factories.ProcedureIndexPageFactory(parent=portal["home"])
    page = service_factories.ProcedurePageFactory(
        parent=index,
        live=live,
        title="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        code="1.005092",
        summary="Người học đề nghị cấp bản sao bằng tốt nghiệp đã mất.",
    )
    return page, "localhost", "bang tot nghiep da mat", "Thủ tục hành chính", None


BUILDERS = [legal_document, disclosure, work_week, event, meeting, consultation, procedure]


def other_host(portal, host):
    return portal["school_a"].site.hostname if host == "localhost" else "localhost"


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__)
def test_a_live_page_is_found_at_its_site_with_its_type_and_year(portal, client, build):
    page, host, query, label, year = build(portal)
    page = publish(page)
    year = year or timezone.localtime(page.first_published_at).year

    outcome = search(client, host, q=query)
    assert [result.title for result in outcome.results] == [page.title]
    result = outcome.results[0]
    assert result.content_label == label
    assert result.url == page.full_url
    facets = {facet["param"]: facet["values"] for facet in outcome.facets}
    assert [(item.label, item.count) for item in facets["type"]] == [(label, 1)]
    assert [item.value for item in facets["year"]] == [str(year)]
    assert [r.title for r in search(client, host, q=query, type=label, year=year).results] == [
        page.title
    ]

    # Not at another site (a school's search covers the school only).
    other = other_host(portal, host)
    if other != "localhost":
        assert search(client, other, q=query).results == []

    with TestCase.captureOnCommitCallbacks(execute=True):
        page.unpublish()
    assert search(client, host, q=query).results == []


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__)
def test_a_draft_is_not_found(portal, client, build):
    page, host, query, _label, _year = build(portal, live=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision()
    assert search(client, host, q=query).results == []
    assert not SearchEntry.objects.filter(page_id=page.pk).exists()


def test_a_live_page_draft_changes_are_not_found_until_published(portal, client):
    page, host, query, _label, _year = legal_document(portal)
    page = publish(page)
    page.summary = "Nội dung sửa đổi chưa duyệt về học phí."
    page.save_revision()
    assert search(client, host, q="hoc phi").results == []
    publish(page)
    assert [r.title for r in search(client, host, q="hoc phi").results] == [page.title]


# Published questions: records on the Q&A page, found at their own URL. ----------------------

ASKER = {"name": "Quách Thị Xuyến", "email": "xuyenquach@example.vn", "phone": "0977111222"}


def school_questions(portal, school="school_a"):
    return QuestionsPage.objects.child_of(portal[school].home_page).get()


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "x")


@pytest.fixture
def asked(portal, django_capture_on_commit_callbacks):
    page = school_questions(portal)
    with django_capture_on_commit_callbacks(execute=True):
        topic = question_factories.QuestionTopicFactory(page=page, name="Chuyển trường")
        question = question_factories.QuestionFactory(
            page=page,
            topic=topic,
            question="Con tôi muốn chuyển trường giữa năm học thì cần hồ sơ gì?",
            answer="Phụ huynh nộp đơn đề nghị và học bạ tại văn phòng nhà trường.",
            **ASKER,
        )
    return question


def test_a_pending_question_is_not_found(asked, portal, client):
    host = portal["school_a"].site.hostname
    assert search(client, host, q="chuyen truong giua nam").results == []
    assert not SearchEntry.objects.filter(kind="record").exists()


def test_a_published_question_is_found_at_its_url_with_public_text_only(
    asked, portal, client, moderator, django_capture_on_commit_callbacks
):
    host = portal["school_a"].site.hostname
    with django_capture_on_commit_callbacks(execute=True):
        question_publish(question=asked, user=moderator)
    asked.refresh_from_db()

    outcome = search(client, host, q="chuyen truong giua nam hoc")
    assert len(outcome.results) == 1
    result = outcome.results[0]
    assert result.title == asked.question
    assert result.content_label == "Hỏi đáp"
    assert result.url == f"http://{host}/hoi-dap/{asked.pk}/"
    page_response = client.get(f"/hoi-dap/{asked.pk}/", HTTP_HOST=host)
    assert asked.answer in page_response.content.decode()
    year = timezone.localtime(asked.published_at).year
    facets = {facet["param"]: facet["values"] for facet in outcome.facets}
    assert [item.value for item in facets["year"]] == [str(year)]
    # The answer and the topic are matched too.
    assert len(search(client, host, q="hoc ba van phong").results) == 1
    # The department portal's search covers the schools; another school's does not.
    assert len(search(client, "localhost", q="chuyen truong giua nam hoc").results) == 1
    other = portal["school_b"].site.hostname
    assert search(client, other, q="chuyen truong giua nam hoc").results == []

    # The asker is never in the index.
    for query in ("Quach Thi Xuyen", "0977111222", "xuyenquach"):
        assert search(client, "localhost", q=query).results == []
    entry = SearchEntry.objects.get(kind="record")
    for private in ("xuy", "0977111222", "example"):
        assert private not in entry.folded_text + entry.folded_title


def test_a_rejected_edited_or_deleted_question_follows(
    asked, portal, client, moderator, django_capture_on_commit_callbacks
):
    host = portal["school_a"].site.hostname
    with django_capture_on_commit_callbacks(execute=True):
        question_publish(question=asked, user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        asked.answer = "Nộp hồ sơ trực tuyến trên cổng dịch vụ công."
        asked.save()
    assert search(client, host, q="hoc ba van phong").results == []
    assert len(search(client, host, q="cong dich vu cong").results) == 1

    with django_capture_on_commit_callbacks(execute=True):
        question_reject(question=asked, user=moderator)
    assert search(client, host, q="chuyen truong giua nam").results == []

    with django_capture_on_commit_callbacks(execute=True):
        asked.status = SubmissionStatus.PUBLISHED
        asked.save()
    assert len(search(client, host, q="chuyen truong giua nam").results) == 1
    with django_capture_on_commit_callbacks(execute=True):
        asked.delete()
    assert search(client, host, q="chuyen truong giua nam").results == []
    assert not SearchEntry.objects.filter(kind="record").exists()


def test_questions_leave_and_return_with_their_page(
    asked, portal, client, moderator, django_capture_on_commit_callbacks
):
    host = portal["school_a"].site.hostname
    with django_capture_on_commit_callbacks(execute=True):
        question_publish(question=asked, user=moderator)
    page = school_questions(portal)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert search(client, host, q="chuyen truong giua nam").results == []
    publish(page)
    assert len(search(client, host, q="chuyen truong giua nam").results) == 1


# Personal data of the public never enters the index. -----------------------------------------


def test_consultation_comments_are_never_indexed(portal, client):
    page, host, *_rest = consultation(portal)
    page = publish(page)
    with TestCase.captureOnCommitCallbacks(execute=True):
        consultation_factories.ConsultationCommentFactory(
            page=page,
            name="Đoàn Văn Khiêm",
            phone="0912000333",
            comment="Đề nghị bổ sung quy định xếp lớp khuyết tật hòa nhập.",
            status=SubmissionStatus.PUBLISHED,
        )
        publish(page)
    for query in ("Doan Van Khiem", "0912000333", "khuyet tat hoa nhap"):
        assert search(client, host, q=query).results == []
    assert len(search(client, host, q="do tuoi nhap hoc").results) == 1


def test_service_applications_are_never_indexed(portal, client):
    page, host, *_rest = procedure(portal)
    page = publish(page)
    with TestCase.captureOnCommitCallbacks(execute=True):
        service_factories.submit_application(
            page, name="Hoàng Văn Quýnh", phone="0987654321", personal_id="051299000777"
        )
    for query in ("Hoang Van Quynh", "0987654321", "051299000777"):
        assert search(client, host, q=query).results == []
    assert SearchEntry.objects.filter(folded_text__contains=" quynh ").count() == 0
