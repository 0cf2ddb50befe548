"""The back office: queue, detail, transitions, assignment, notes, exports, permissions,
and the log of who viewed personal data."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.models import Application, Attachment
from applications.status import Status
from procedures import factories
from tests.applications.helpers import pdf_upload

QUEUE = "/admin/ho-so-truc-tuyen/"


@pytest.fixture
def two_fields(catalogue):
    diploma = factories.ProcedurePageFactory(parent=catalogue, title="Cấp bản sao", handling="here")
    transfer = factories.ProcedurePageFactory(
        parent=catalogue, title="Chuyển trường", handling="here"
    )
    return diploma, transfer


@pytest.fixture
def applications(two_fields):
    diploma, transfer = two_fields
    return (
        factories.submit_application(diploma, name="Phạm Thị Dung"),
        factories.submit_application(transfer, name="Hoàng Văn Em"),
    )


@pytest.mark.django_db
class TestPermissions:
    def test_officer_sees_only_their_field(self, client, officer_factory, two_fields, applications):
        officer = officer_factory("canbo_vanbang", two_fields[0].procedure_field)
        client.force_login(officer)
        html = client.get(QUEUE).content.decode()
        assert applications[0].code in html and applications[1].code not in html
        assert client.get(f"{QUEUE}{applications[1].pk}/").status_code == 404
        attachment = Attachment.objects.create(
            application=applications[1],
            kind=Attachment.Kind.APPLICANT,
            file="x",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0",
        )
        assert client.get(f"{QUEUE}{applications[1].pk}/tep/{attachment.pk}/").status_code == 404

    def test_staff_without_a_field_is_denied(self, client, officer_factory, applications):
        client.force_login(officer_factory("khong_quyen"))
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        for url in (QUEUE, f"{QUEUE}{applications[0].pk}/", f"{QUEUE}?export=csv"):
            response = client.get(url)
            assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert not ModelLogEntry.objects.filter(action__startswith="services.").exists()

    def test_officer_cannot_move_another_fields_application(
        self, client, officer_factory, two_fields, applications
    ):
        client.force_login(officer_factory("canbo", two_fields[0].procedure_field))
        response = client.post(
            f"{QUEUE}{applications[1].pk}/chuyen-trang-thai/", {"to_status": "received"}
        )
        assert response.status_code == 404
        applications[1].refresh_from_db()
        assert applications[1].status == Status.SUBMITTED


@pytest.mark.django_db
class TestQueue:
    def test_filters_and_search(self, admin_client, applications):
        first, second = applications
        Application.objects.filter(pk=first.pk).update(
            due_date=timezone.localdate() - datetime.timedelta(days=2)
        )
        html = admin_client.get(QUEUE, {"overdue": "on"}).content.decode()
        assert first.code in html and second.code not in html
        html = admin_client.get(QUEUE, {"q": second.code}).content.decode()
        assert second.code in html and first.code not in html
        html = admin_client.get(QUEUE, {"q": "dung"}).content.decode()
        assert first.code in html and second.code not in html
        html = admin_client.get(QUEUE, {"definition": second.definition_id}).content.decode()
        assert second.code in html and first.code not in html
        html = admin_client.get(QUEUE, {"status": "received"}).content.decode()
        assert first.code not in html

    def test_invalid_filter_is_a_400(self, admin_client, applications):
        assert admin_client.get(QUEUE, {"status": "khong-co"}).status_code == 400

    def test_query_count_does_not_grow(
        self, admin_client, two_fields, django_assert_max_num_queries
    ):
        for n in range(3):
            factories.submit_application(two_fields[n % 2])
        admin_client.get(QUEUE)
        with django_assert_max_num_queries(30) as few:
            admin_client.get(QUEUE)
        for n in range(10):
            factories.submit_application(two_fields[n % 2])
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert admin_client.get(QUEUE).status_code == 200

    def test_csv_and_excel_exports(self, admin_client, applications):
        response = admin_client.get(QUEUE, {"export": "csv"})
        text = response.content.decode("utf-8-sig")
        assert response["Content-Type"].startswith("text/csv")
        assert "Mã hồ sơ" in text and applications[0].code in text and "Phạm Thị Dung" in text
        response = admin_client.get(QUEUE, {"export": "xlsx"})
        assert response.content[:2] == b"PK"
        assert ModelLogEntry.objects.filter(action="services.export_personal_data").count() == 4


@pytest.mark.django_db
class TestDetail:
    def test_viewing_is_logged(self, admin_client, admin_user, applications):
        response = admin_client.get(f"{QUEUE}{applications[0].pk}/")
        assert response.status_code == 200
        assert "Phạm Thị Dung" in response.content.decode()
        entry = ModelLogEntry.objects.get(action="services.view_personal_data")
        assert entry.user == admin_user
        assert entry.object_id == str(applications[0].pk)
        assert "Dung" not in entry.label  # the code, not the name

    def test_transitions_from_buttons(self, admin_client, applications):
        application = applications[0]
        url = f"{QUEUE}{application.pk}/chuyen-trang-thai/"
        html = admin_client.get(f"{QUEUE}{application.pk}/").content.decode()
        assert 'value="received"' in html and 'value="approved"' not in html
        admin_client.post(url, {"to_status": "received", "visible": "on"})
        admin_client.post(url, {"to_status": "in_review", "visible": "on"})
        response = admin_client.post(url, {"to_status": "supplement_requested", "visible": "on"})
        application.refresh_from_db()
        assert application.status == Status.IN_REVIEW  # a note is required
        messages = [str(m) for m in response.wsgi_request._messages]
        assert "Vui lòng ghi chú nội dung cho người nộp." in messages
        admin_client.post(url, {"to_status": "approved", "visible": "on"})
        admin_client.post(
            url, {"to_status": "result_issued", "visible": "on", "result": pdf_upload("kq.pdf")}
        )
        application.refresh_from_db()
        assert application.status == Status.RESULT_ISSUED
        assert application.attachments.get(kind=Attachment.Kind.RESULT).original_name == "kq.pdf"

    def test_illegal_transition_refused(self, admin_client, applications):
        application = applications[0]
        admin_client.post(f"{QUEUE}{application.pk}/chuyen-trang-thai/", {"to_status": "approved"})
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED

    def test_assignment_and_notes(
        self, admin_client, admin_user, officer_factory, two_fields, applications
    ):
        application = applications[0]
        officer = officer_factory("canbo", two_fields[0].procedure_field)
        outsider = officer_factory("ngoai", two_fields[1].procedure_field)
        admin_client.post(f"{QUEUE}{application.pk}/phan-cong/", {"assignee": outsider.pk})
        application.refresh_from_db()
        assert application.assignee is None
        admin_client.post(f"{QUEUE}{application.pk}/phan-cong/", {"assignee": officer.pk})
        application.refresh_from_db()
        assert application.assignee == officer
        admin_client.post(f"{QUEUE}{application.pk}/ghi-chu/", {"note": "Gọi điện xác minh"})
        note = application.events.get(kind="note")
        assert note.user == admin_user and not note.visible_to_applicant

    def test_attachment_download_is_logged(self, admin_client, applications):
        from applications.services import attachment_store

        attachment = attachment_store(
            upload=pdf_upload(),
            kind=Attachment.Kind.APPLICANT,
            allowed=["pdf"],
            max_mb=5,
            application=applications[0],
        )
        response = admin_client.get(f"{QUEUE}{applications[0].pk}/tep/{attachment.pk}/")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        assert ModelLogEntry.objects.filter(action="services.view_personal_data").exists()


@pytest.mark.django_db
def test_department_admin_edits_the_holiday_calendar(admin_client):
    response = admin_client.post(
        "/admin/snippets/applications/publicholiday/add/",
        {"date": "2027-11-24", "name": "Ngày Văn hoá Việt Nam"},
    )
    assert response.status_code == 302
    from applications.models import PublicHoliday

    assert PublicHoliday.objects.filter(date=datetime.date(2027, 11, 24)).exists()
