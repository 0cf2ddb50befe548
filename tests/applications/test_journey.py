"""The applicant's journey: start, form pages, check answers, submit, confirmation."""

import uuid

import pytest
from django.conf import settings
from django.core import mail

from applications.models import Application, Attachment
from tests.applications.helpers import APPLICANT, STEP_2, fill_journey, pdf_upload, with_form


@pytest.fixture
def form_procedure(procedure):
    return with_form(procedure)


def submit(client, page, check):
    token = check.context["form"]["token"].value()
    return client.post(page.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"})


@pytest.mark.django_db
class TestJourney:
    def test_start_page_says_what_you_need(self, client, form_procedure):
        form_procedure.before_you_start = "<p>Chuẩn bị ảnh chụp giấy tờ tùy thân.</p>"
        form_procedure.save()
        html = client.get(form_procedure.url + "nop-truc-tuyen/").content.decode()
        assert "Chuẩn bị ảnh chụp giấy tờ tùy thân." in html
        assert "3 ngày làm việc" in html
        assert "Bắt đầu" in html

    def test_errors_in_vietnamese_keep_what_was_typed(self, client, form_procedure):
        response = client.post(
            form_procedure.url + "nop-truc-tuyen/buoc-1/",
            {**APPLICANT, "personal_id": "12345", "phone": "012345", "name": "Lê Văn Cường"},
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "Số định danh cá nhân gồm đúng 12 chữ số." in html
        assert "Nhập số điện thoại di động 10 chữ số" in html
        assert 'value="Lê Văn Cường"' in html
        assert 'value="12345"' in html

    def test_future_birth_date_refused(self, client, form_procedure):
        response = client.post(
            form_procedure.url + "nop-truc-tuyen/buoc-1/", {**APPLICANT, "birth_date": "2999-01-01"}
        )
        assert "Ngày này ở tương lai." in response.content.decode()

    def test_required_fields_and_address(self, client, form_procedure):
        client.post(form_procedure.url + "nop-truc-tuyen/buoc-1/", APPLICANT)
        response = client.post(form_procedure.url + "nop-truc-tuyen/buoc-2/", {})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Vui lòng điền thông tin này." in html
        assert "Quảng Ngãi" in html  # the commune picker groups by province

    def test_whole_journey(self, client, form_procedure, django_capture_on_commit_callbacks):
        check = fill_journey(client, form_procedure)
        html = check.content.decode()
        assert check.status_code == 200
        assert "Trần Thị Bình" in html and "0905123456" in html
        assert "12 Quang Trung, Phường Nghĩa Lộ, Tỉnh Quảng Ngãi" in html
        assert "hoc-ba.pdf" in html
        assert html.count("Thay đổi") >= 10
        with django_capture_on_commit_callbacks(execute=True):
            response = submit(client, form_procedure, check)
        assert response.status_code == 302
        application = Application.objects.get()
        assert response["Location"].endswith(f"/da-nop/{application.code}/")
        assert application.applicant_phone == "0905123456"
        assert str(application.applicant_birth_date) == "2001-04-15"
        assert application.consent_text == form_procedure.consent_text
        assert {a["label"] for a in application.answers} >= {
            "Loại văn bằng",
            "Địa chỉ nhận kết quả",
        }
        attachment = application.attachments.get()
        assert attachment.draft_token is None and attachment.kind == Attachment.Kind.APPLICANT
        confirmation = client.get(response["Location"]).content.decode()
        assert application.code in confirmation
        assert "Biên nhận" in confirmation or "biên nhận" in confirmation
        receipt = client.get(response["Location"] + "bien-nhan/").content.decode()
        assert application.code in receipt and "hoc-ba.pdf" in receipt
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["binh@example.vn"]
        assert application.code in mail.outbox[0].body

    def test_change_link_returns_to_check(self, client, form_procedure):
        fill_journey(client, form_procedure)
        response = client.post(
            form_procedure.url + "nop-truc-tuyen/buoc-2/?tu=kiem-tra",
            {**STEP_2, "nam_tot_nghiep": "2020"},
        )
        assert response["Location"].endswith("/nop-truc-tuyen/kiem-tra/")
        assert "2020" in client.get(response["Location"]).content.decode()

    def test_consent_is_required(self, client, form_procedure):
        check = fill_journey(client, form_procedure)
        token = check.context["form"]["token"].value()
        response = client.post(form_procedure.url + "nop-truc-tuyen/kiem-tra/", {"token": token})
        assert response.status_code == 400
        assert "Vui lòng đồng ý" in response.content.decode()
        assert not Application.objects.exists()

    def test_double_submit_creates_one_application(self, client, form_procedure):
        check = fill_journey(client, form_procedure)
        first = submit(client, form_procedure, check)
        second = submit(client, form_procedure, check)
        assert first["Location"] == second["Location"]
        assert Application.objects.count() == 1

    def test_confirmation_only_for_the_applicant(self, client, form_procedure):
        check = fill_journey(client, form_procedure)
        location = submit(client, form_procedure, check)["Location"]
        from django.test import Client

        assert Client().get(location).status_code == 404
        assert Client().get(location + "bien-nhan/").status_code == 404

    def test_expired_journey_is_a_400(self, client, form_procedure):
        response = client.post(
            form_procedure.url + "nop-truc-tuyen/kiem-tra/",
            {"token": str(uuid.uuid4()), "consent": "on"},
        )
        assert response.status_code == 400
        assert "đã hết hạn" in response.content.decode()

    def test_journey_query_count(self, client, form_procedure, django_assert_max_num_queries):
        client.post(form_procedure.url + "nop-truc-tuyen/buoc-1/", APPLICANT)
        url = form_procedure.url + "nop-truc-tuyen/buoc-2/"
        client.get(url)
        with django_assert_max_num_queries(17):  # including the alert banner
            assert client.get(url).status_code == 200

    def test_files_kept_outside_media(self, client, form_procedure):
        fill_journey(client, form_procedure)
        attachment = Attachment.objects.get()
        path = attachment.file.path
        assert path.startswith(str(settings.SERVICES_PRIVATE_ROOT))
        assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
        assert "hoc-ba" not in path  # a random stored name
        with pytest.raises(ValueError):
            attachment.file.url  # noqa: B018  (no public address)


def test_upload_helper_is_a_pdf():
    assert pdf_upload().read().startswith(b"%PDF-")


def test_journey_answers_are_rate_limited_per_address(client, form_procedure, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SERVICES_JOURNEY_STEP_LIMIT = 3
    url = form_procedure.url + "nop-truc-tuyen/buoc-1/"
    for _attempt in range(3):
        assert client.post(url, APPLICANT, REMOTE_ADDR="198.51.100.7").status_code == 302
    refused = client.post(url, {**APPLICANT, "name": "Người Khác"}, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert "Người Khác" not in refused.content.decode()  # nothing posted is kept or echoed
    state = client.session["services_journeys"][str(form_procedure.pk)]
    assert state["steps"]["1"]["name"] == [APPLICANT["name"]]
    # Another address is not affected.
    assert client.post(url, APPLICANT, REMOTE_ADDR="198.51.100.8").status_code == 302
