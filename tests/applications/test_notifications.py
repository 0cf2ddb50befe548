"""Applicant notifications: e-mail through a real SMTP server, SMS through a real HTTP gateway,
failures recorded without personal data, retries with a back-off, giving up, and the back
office's view (resend, failed list) with its permissions."""

import datetime
import email
import email.policy
import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task_backends
from wagtail.models import ModelLogEntry

from applications.models import Application, Notification
from applications.services import application_transition
from applications.status import Actor, Status
from procedures import factories

QUEUE = "/admin/ho-so-truc-tuyen/"
FAILED_LIST = f"{QUEUE}thong-bao-loi/"
APPLICANT = {
    "name": "Lê Thị Hoa",
    "email": "hoa.le@example.vn",
    "phone": "0905 123 456",
    "personal_id": "051301000888",
}
PERSONAL = ["Lê Thị Hoa", "hoa.le@example.vn", "0905 123 456", "0905123456", "+84905123456"]
N = Notification


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [
            email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)
            for e in self.envelopes
        ]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_down():
    port = free_port()  # nothing listens there any more: the connection is refused
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
    ):
        yield


class Gateway:
    """A real HTTP server playing the SMS gateway; `statuses` are its next answers."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                payload = b'{"ok": true}' if status < 300 else b'{"error": "upstream"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/sms"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )


@pytest.fixture
def gateway():
    gateway = Gateway()
    gateway.thread.start()
    try:
        with override_settings(
            SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_TOKEN="test-token-123", SMS_SENDER="SO GDDT"
        ):
            yield gateway
    finally:
        gateway.server.shutdown()
        gateway.server.server_close()


@pytest.fixture
def submit(procedure, django_capture_on_commit_callbacks):
    def make(**applicant):
        with django_capture_on_commit_callbacks(execute=True):
            return factories.submit_application(procedure, **{**APPLICANT, **applicant})

    return make


@pytest.fixture
def move(django_capture_on_commit_callbacks):
    def make(application, to_status):
        with django_capture_on_commit_callbacks(execute=True):
            return application_transition(
                application=application, to_status=to_status, actor=Actor.STAFF
            )

    return make


@pytest.fixture
def retry(django_capture_on_commit_callbacks):
    def run(*, later=True):
        """Run the command; `later` first lets every back-off pass (the clock moves on)."""
        if later:
            N.objects.filter(status=N.Status.FAILED).update(
                next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
            )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retry_notifications", verbosity=0)

    return run


@pytest.mark.django_db
class TestEmail:
    def test_arrives_through_a_real_smtp_server_in_vietnamese(self, smtp_server, submit, move):
        application = submit()
        move(application, Status.RECEIVED)
        first, second = smtp_server.messages()
        assert [e.rcpt_tos for e in smtp_server.envelopes] == [[APPLICANT["email"]]] * 2
        assert application.code in first["Subject"]
        body = first.get_body().get_content()
        assert "Chúng tôi đã nhận hồ sơ" in body and application.code in body
        assert "Kính gửi Lê Thị Hoa" in body
        assert "Đã tiếp nhận" in second["Subject"]
        rows = list(application.notifications.all())
        assert [(n.channel, n.status, n.attempts) for n in rows] == [("email", "sent", 1)] * 2
        assert all(n.sent_at and not n.last_error for n in rows)
        # SMS is off (no gateway configured): no SMS row at all.
        assert not application.notifications.filter(channel=N.Channel.SMS).exists()

    def test_no_email_address_means_no_email_notification(self, smtp_server, submit):
        application = submit(email="")
        assert not application.notifications.exists()
        assert smtp_server.envelopes == []

    def test_smtp_down_fails_the_notification_not_the_transition(self, smtp_down, submit, move):
        application = submit()
        move(application, Status.RECEIVED)
        assert Application.objects.get(pk=application.pk).status == Status.RECEIVED
        assert application.events.filter(to_status=Status.RECEIVED).exists()
        for notification in application.notifications.all():
            assert notification.status == N.Status.FAILED
            assert notification.attempts == 1
            assert notification.last_error == "ConnectionRefusedError"
            assert notification.sent_at is None
            wait = notification.next_attempt_at - timezone.now()
            assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)

    def test_retry_after_the_relay_comes_back(self, smtp_down, submit, retry, settings):
        application = submit()
        assert application.notifications.get().status == N.Status.FAILED
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
        controller.start()
        try:
            retry(later=False)  # not due yet: nothing sent
            assert inbox.envelopes == []
            retry()
        finally:
            controller.stop()
        notification = application.notifications.get()
        assert (notification.status, notification.attempts) == (N.Status.SENT, 2)
        assert notification.last_error == "ConnectionRefusedError"  # what happened before
        assert application.code in inbox.messages()[0]["Subject"]


@pytest.mark.django_db
class TestSms:
    def test_posts_json_with_bearer_token_and_international_number(
        self, gateway, submit, move, settings
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        application = submit()
        move(application, Status.RECEIVED)
        assert len(gateway.requests) == 2
        request = gateway.requests[1]
        assert request["path"] == "/api/sms"
        assert request["headers"]["Authorization"] == "Bearer test-token-123"
        assert request["headers"]["Content-Type"].startswith("application/json")
        assert request["json"]["to"] == "+84905123456"
        assert request["json"]["sender"] == "SO GDDT"
        text = request["json"]["text"]
        assert application.code in text and "Da tiep nhan" in text
        assert "/tra-cuu/" in text
        assert text.isascii() and len(text) <= 160
        channels = sorted(application.notifications.values_list("channel", "status"))
        assert channels == [("email", "sent")] * 2 + [("sms", "sent")] * 2

    def test_no_valid_mobile_number_means_no_sms(self, gateway, submit):
        application = submit(phone="024 3822 1234", email="")
        assert not application.notifications.exists() and gateway.requests == []

    def test_gateway_error_is_recorded_without_the_number(self, gateway, submit):
        gateway.statuses = [500]
        application = submit(email="")
        notification = application.notifications.get()
        assert notification.channel == N.Channel.SMS
        assert (notification.status, notification.attempts) == (N.Status.FAILED, 1)
        assert notification.last_error == "HTTP 500"
        assert not any(value in notification.last_error for value in PERSONAL)

    def test_unreachable_gateway_is_a_failure(self, submit, settings):
        settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/api/sms"
        notification = submit(email="").notifications.get()
        assert (notification.status, notification.last_error) == (
            N.Status.FAILED,
            "ConnectionRefusedError",
        )

    def test_a_redirect_is_not_a_delivery(self, gateway, submit):
        gateway.statuses = [302]
        notification = submit(email="").notifications.get()
        assert (notification.status, notification.last_error) == (N.Status.FAILED, "HTTP 302")

    def test_retry_command_resends_after_the_backoff(self, gateway, submit, retry):
        gateway.statuses = [500]
        application = submit(email="")
        retry(later=False)
        assert len(gateway.requests) == 1  # the back-off has not passed
        assert application.notifications.get().status == N.Status.FAILED
        retry()
        notification = application.notifications.get()
        assert (notification.status, notification.attempts) == (N.Status.SENT, 2)
        assert notification.sent_at is not None and notification.next_attempt_at is None
        assert len(gateway.requests) == 2
        retry()
        assert len(gateway.requests) == 2  # a sent notification is never sent again

    def test_gives_up_after_max_attempts_with_growing_backoff(self, gateway, submit, retry):
        gateway.statuses = [500, 503, 500, 502, 500]
        application = submit(email="")
        waits = []
        for _ in range(3):
            notification = application.notifications.get()
            waits.append(round((notification.next_attempt_at - timezone.now()).total_seconds()))
            retry()
        notification = application.notifications.get()
        assert (notification.status, notification.attempts) == (N.Status.GAVE_UP, 4)
        assert notification.last_error == "HTTP 502" and notification.next_attempt_at is None
        assert [round(w / 60) for w in waits] == [1, 5, 30]
        retry()
        assert len(gateway.requests) == 4

    def test_max_attempts_comes_from_the_settings(self, gateway, submit, settings):
        settings.NOTIFY_MAX_ATTEMPTS = 1
        gateway.statuses = [500]
        notification = submit(email="").notifications.get()
        assert (notification.status, notification.attempts) == (N.Status.GAVE_UP, 1)

    def test_lost_pending_notification_is_sent_by_the_timer(self, gateway, procedure, retry):
        # Submitted without running the commit callbacks: as if the task never reached a worker.
        application = factories.submit_application(procedure, **{**APPLICANT, "email": ""})
        notification = application.notifications.get()
        assert notification.status == N.Status.PENDING
        retry()
        assert gateway.requests == []  # pending for less than ten minutes: its task may run
        N.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=11)
        )
        retry()
        assert application.notifications.get().status == N.Status.SENT
        assert len(gateway.requests) == 1

    def test_purged_application_is_given_up_without_sending(self, gateway, submit, retry):
        gateway.statuses = [500]
        application = submit(email="")
        Application.objects.filter(pk=application.pk).update(
            personal_data_purged_at=timezone.now(), applicant_phone=""
        )
        retry()
        notification = application.notifications.get()
        assert (notification.status, notification.last_error) == (
            N.Status.GAVE_UP,
            "personal data purged",
        )
        assert len(gateway.requests) == 1


@pytest.mark.django_db
def test_a_backend_that_defers_gets_ids_only_and_a_deferred_retry(
    gateway, submit, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert backend.supports_defer
    application = submit(email="")
    notification = application.notifications.get()
    assert notification.status == N.Status.PENDING  # queued, not run
    [queued] = backend.results
    assert (list(queued.args), queued.kwargs) == ([], {"notification_id": notification.pk})
    assert queued.task.run_after is None
    gateway.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        queued.task.call(**queued.kwargs)  # what the worker does
    notification.refresh_from_db()
    assert notification.status == N.Status.FAILED
    [_, retry] = backend.results
    assert retry.kwargs == {"notification_id": notification.pk}
    assert retry.task.run_after == notification.next_attempt_at


def test_no_personal_data_in_the_logs(
    db, procedure, gateway, smtp_down, caplog, django_capture_on_commit_callbacks, settings
):
    caplog.set_level(logging.DEBUG)
    gateway.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        application = factories.submit_application(procedure, **APPLICANT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application, to_status=Status.RECEIVED, actor=Actor.STAFF
        )
    ours = [r for r in caplog.records if r.name.startswith("applications")]
    ids = set(application.notifications.values_list("pk", flat=True))
    assert len(ids) == 4
    for pk in ids:  # each one is logged, by its id
        assert any(r.getMessage().startswith(f"notification {pk} (") for r in ours)
    assert sum("failed" in r.getMessage() for r in ours) == 2  # the e-mail and the SMS
    # Every record but the test SMTP server's own ("mail.log", the peer, not the portal).
    text = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records if r.name != "mail.log"
    )
    for value in [*PERSONAL, APPLICANT["personal_id"], "hoa.le"]:
        assert value not in text


@pytest.mark.django_db
class TestBackOffice:
    @pytest.fixture
    def given_up(self, gateway, submit, settings):
        settings.NOTIFY_MAX_ATTEMPTS = 1
        gateway.statuses = [500]
        application = submit(email="")
        assert application.notifications.get().status == N.Status.GAVE_UP
        return application

    def resend_url(self, application):
        notification = application.notifications.get()
        return f"{QUEUE}{application.pk}/thong-bao/{notification.pk}/gui-lai/"

    def test_detail_lists_notifications_and_resend_works(
        self,
        client,
        officer_factory,
        procedure,
        gateway,
        given_up,
        django_capture_on_commit_callbacks,
    ):
        officer = officer_factory("canbo", procedure.procedure_field)
        client.force_login(officer)
        html = client.get(f"{QUEUE}{given_up.pk}/").content.decode()
        assert 'id="notifications"' in html and "HTTP 500" in html
        assert self.resend_url(given_up) in html
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.resend_url(given_up))
        assert response.status_code == 302
        notification = given_up.notifications.get()
        assert (notification.status, notification.attempts) == (N.Status.SENT, 1)
        assert len(gateway.requests) == 2
        entry = ModelLogEntry.objects.get(action="services.notification_resend")
        assert entry.user == officer and entry.data["channel"] == "sms"
        html = client.get(f"{QUEUE}{given_up.pk}/").content.decode()
        assert self.resend_url(given_up) not in html  # nothing to resend any more
        # A sent notification is not sent twice by a re-posted form.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.resend_url(given_up))
        assert len(gateway.requests) == 2

    def test_resend_needs_post(self, client, officer_factory, procedure, given_up):
        client.force_login(officer_factory("canbo", procedure.procedure_field))
        assert client.get(self.resend_url(given_up)).status_code == 405

    def test_officer_factory_another_field_cannot_resend_or_see(
        self, client, officer_factory, catalogue, gateway, given_up
    ):
        other = factories.ProcedurePageFactory(
            parent=catalogue, title="Chuyển trường", handling="here"
        )
        client.force_login(officer_factory("canbo_khac", other.procedure_field))
        assert client.post(self.resend_url(given_up)).status_code == 404
        assert given_up.notifications.get().status == N.Status.GAVE_UP
        assert given_up.code not in client.get(FAILED_LIST).content.decode()
        assert len(gateway.requests) == 1

    def test_user_without_back_office_is_turned_away(self, client, officer_factory, given_up):
        client.force_login(officer_factory("khong_quyen"))
        for response in (client.post(self.resend_url(given_up)), client.get(FAILED_LIST)):
            assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert given_up.notifications.get().status == N.Status.GAVE_UP

    def test_failed_list_and_menu(self, client, officer_factory, procedure, given_up, submit):
        sent = submit(email="", phone="0912345678")  # the gateway answers 200 now
        client.force_login(officer_factory("canbo", procedure.procedure_field))
        html = client.get(FAILED_LIST).content.decode()
        assert given_up.code in html and sent.code not in html
        assert f"{QUEUE}{given_up.pk}/#notifications" in html
        assert "thong-bao-loi/" in client.get("/admin/").content.decode()
