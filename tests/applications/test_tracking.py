"""Public tracking: lookup with a second factor, timeline, supplement, result download."""

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from applications.models import Attachment
from applications.services import application_transition, attachment_store
from applications.status import Actor, Status
from procedures import factories
from tests.applications.helpers import pdf_upload

BIRTH = datetime.date(1985, 3, 2)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"test-tracking-{uuid.uuid4().hex}",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["locmem", "redis"])
def real_cache(request):
    """The shared limiter's cache: process memory (development) and Redis (production)."""
    with override_settings(CACHES=REDIS if request.param == "redis" else LOCMEM):
        cache.clear()
        yield cache
        cache.clear()


@pytest.fixture
def application(procedure):
    return factories.submit_application(procedure, phone="0905123456", birth_date=BIRTH)


def track_url(catalogue):
    return catalogue.url + "tra-cuu/"


def look_up(client, catalogue, **data):
    return client.post(track_url(catalogue), data)


def to_status(application, *moves):
    for status in moves:
        application_transition(
            application=application, to_status=status, actor=Actor.STAFF, note="Ghi chú"
        )


@pytest.mark.django_db
class TestLookup:
    def test_by_code_and_phone(self, client, catalogue, application):
        response = look_up(client, catalogue, code=application.code.lower(), phone="0905 123 456")
        assert response.status_code == 302
        html = client.get(response["Location"]).content.decode()
        assert application.code in html and "Đã nộp" in html

    def test_by_code_and_birth_date(self, client, catalogue, application):
        response = look_up(client, catalogue, code=application.code, birth_date="02/03/1985")
        assert response.status_code == 302

    def test_same_answer_for_a_wrong_factor_and_an_unknown_code(
        self, client, catalogue, application
    ):
        wrong_factor = look_up(client, catalogue, code=application.code, phone="0912000000")
        unknown = look_up(client, catalogue, code="HS260101-AAAAAA", phone="0912000000")
        assert wrong_factor.status_code == unknown.status_code == 200
        strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
        assert strip(wrong_factor) == strip(unknown)
        assert "Không tìm thấy hồ sơ" in wrong_factor.content.decode()

    def test_second_factor_required(self, client, catalogue, application):
        response = look_up(client, catalogue, code=application.code)
        assert response.status_code == 400
        assert "số điện thoại hoặc ngày sinh" in response.content.decode()

    def test_detail_needs_a_lookup(self, catalogue, application):
        response = Client().get(catalogue.url + "tra-cuu/ho-so/")
        assert response.status_code == 302 and response["Location"].endswith("/tra-cuu/")

    def test_timeline_shows_only_visible_events(self, client, catalogue, application):
        application_transition(
            application=application,
            to_status=Status.RECEIVED,
            actor=Actor.STAFF,
            note="Ghi chú công khai",
        )
        application_transition(
            application=application,
            to_status=Status.IN_REVIEW,
            actor=Actor.STAFF,
            note="Ghi chú nội bộ bí mật",
            visible=False,
        )
        look_up(client, catalogue, code=application.code, phone="0905123456")
        html = client.get(catalogue.url + "tra-cuu/ho-so/").content.decode()
        assert "Ghi chú công khai" in html
        assert "Ghi chú nội bộ bí mật" not in html


@pytest.mark.django_db
class TestRateLimit:
    # A window of a day: the shared limiter counts per fixed window, so a short one could
    # roll over in the middle of the test.
    @override_settings(SERVICES_TRACKING_LIMIT=3, SERVICES_TRACKING_WINDOW=86400)
    def test_lookups_over_the_limit_are_refused(self, real_cache, client, catalogue, application):
        for _ in range(3):
            assert look_up(client, catalogue, code="X", phone="0912000000").status_code == 200
        # Even the right code and phone are refused once over the limit, without a lookup.
        response = look_up(client, catalogue, code=application.code, phone="0905123456")
        assert response.status_code == 429
        assert "Quá nhiều lượt tra cứu" in response.content.decode()
        assert client.get(catalogue.url + "tra-cuu/ho-so/").status_code == 302
        # Another address has its own count.
        other = Client(REMOTE_ADDR="203.0.113.50")
        assert (
            look_up(other, catalogue, code=application.code, phone="0905123456").status_code == 302
        )

    @override_settings(SERVICES_TRACKING_LIMIT=5, SERVICES_TRACKING_WINDOW=900)
    def test_the_count_lives_in_redis_for_the_window_without_the_address(
        self, catalogue, application
    ):
        client = Client(REMOTE_ADDR="198.51.100.7")
        with override_settings(CACHES=REDIS):
            cache.clear()
            look_up(client, catalogue, code="X", phone="0912000000")
            keys = cache.keys("ratelimit:services-tracking:*")
            assert len(keys) == 1
            assert "198.51.100.7" not in keys[0]
            assert cache.get(keys[0]) == 1
            assert 0 < cache.ttl(keys[0]) <= 901
            cache.clear()


@pytest.mark.django_db
class TestSupplementAndResult:
    def test_supplement_then_result_download(self, client, catalogue, application):
        to_status(application, Status.RECEIVED, Status.IN_REVIEW, Status.SUPPLEMENT_REQUESTED)
        look_up(client, catalogue, code=application.code, phone="0905123456")
        detail = client.get(catalogue.url + "tra-cuu/ho-so/").content.decode()
        assert "Gửi hồ sơ bổ sung" in detail
        response = client.post(
            catalogue.url + "tra-cuu/ho-so/bo-sung/", {"files": [pdf_upload("bo-sung.pdf")]}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Status.SUPPLEMENTED
        assert application.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).count() == 1
        to_status(application, Status.APPROVED)
        result = attachment_store(
            upload=pdf_upload("ket-qua.pdf", "Ket qua"),
            kind=Attachment.Kind.RESULT,
            allowed=["pdf"],
            max_mb=10,
            application=application,
        )
        application_transition(
            application=application,
            to_status=Status.RESULT_ISSUED,
            actor=Actor.STAFF,
            files=[result],
        )
        html = client.get(catalogue.url + "tra-cuu/ho-so/").content.decode()
        assert "Đã trả kết quả" in html and "ket-qua.pdf" in html
        download = client.get(catalogue.url + f"tra-cuu/ho-so/tep/{result.pk}/")
        assert download.status_code == 200
        assert "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content).startswith(b"%PDF-")

    def test_refused_supplement_changes_nothing(self, client, catalogue, application):
        to_status(application, Status.RECEIVED, Status.IN_REVIEW, Status.SUPPLEMENT_REQUESTED)
        look_up(client, catalogue, code=application.code, phone="0905123456")
        response = client.post(
            catalogue.url + "tra-cuu/ho-so/bo-sung/",
            {"files": [pdf_upload("ok.pdf"), SimpleUploadedFile("x.pdf", b"MZ\x90\x00" * 10)]},
        )
        assert response.status_code == 400
        assert "không thuộc loại được chấp nhận" in response.content.decode()
        application.refresh_from_db()
        assert application.status == Status.SUPPLEMENT_REQUESTED
        assert not application.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).exists()

    def test_another_applicants_attachment_is_denied(
        self, client, catalogue, procedure, application
    ):
        other = factories.submit_application(procedure, phone="0987654321")
        theirs = attachment_store(
            upload=pdf_upload("cua-nguoi-khac.pdf"),
            kind=Attachment.Kind.APPLICANT,
            allowed=["pdf"],
            max_mb=5,
            application=other,
        )
        look_up(client, catalogue, code=application.code, phone="0905123456")
        assert client.get(catalogue.url + f"tra-cuu/ho-so/tep/{theirs.pk}/").status_code == 404
        # Nor without any lookup.
        assert Client().get(catalogue.url + f"tra-cuu/ho-so/tep/{theirs.pk}/").status_code == 404

    def test_withdraw_before_review(self, client, catalogue, application):
        look_up(client, catalogue, code=application.code, phone="0905123456")
        response = client.post(catalogue.url + "tra-cuu/ho-so/", {"action": "withdraw"})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Status.WITHDRAWN
