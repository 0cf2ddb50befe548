"""Every transition of the status machine, legal and illegal, through the service."""

import datetime
import io
import itertools

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, ApplicationEvent, Attachment
from applications.services import TransitionError, application_transition
from applications.status import Actor, Status
from procedures import factories

S = Status
# Written out by hand from the issue (not read from applications.status): (from, to, who).
LEGAL = {
    (S.AWAITING_PAYMENT, S.SUBMITTED, Actor.PAYMENT_GATEWAY),
    (S.AWAITING_PAYMENT, S.WITHDRAWN, Actor.APPLICANT),
    (S.AWAITING_PAYMENT, S.WITHDRAWN, Actor.SYSTEM),
    (S.SUBMITTED, S.RECEIVED, Actor.STAFF),
    (S.SUBMITTED, S.WITHDRAWN, Actor.APPLICANT),
    (S.RECEIVED, S.IN_REVIEW, Actor.STAFF),
    (S.RECEIVED, S.WITHDRAWN, Actor.APPLICANT),
    (S.IN_REVIEW, S.SUPPLEMENT_REQUESTED, Actor.STAFF),
    (S.IN_REVIEW, S.APPROVED, Actor.STAFF),
    (S.IN_REVIEW, S.REJECTED, Actor.STAFF),
    (S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED, Actor.APPLICANT),
    (S.SUPPLEMENTED, S.SUPPLEMENT_REQUESTED, Actor.STAFF),
    (S.SUPPLEMENTED, S.APPROVED, Actor.STAFF),
    (S.SUPPLEMENTED, S.REJECTED, Actor.STAFF),
    (S.APPROVED, S.RESULT_ISSUED, Actor.STAFF),
    (S.REJECTED, S.RESULT_ISSUED, Actor.STAFF),
}
ALL = list(itertools.product(S, S, Actor))


def test_every_status_and_actor_is_covered():
    # 10 statuses, 4 actors: each (from, to, who) is one case of test_transition below.
    assert {s.value for s in S} >= {"awaiting_payment", "submitted", "withdrawn"}
    assert {a.value for a in Actor} == {"staff", "applicant", "payment_gateway", "system"}
    assert len(ALL) == 10 * 10 * 4
    assert set(ALL) > LEGAL


def a_file():
    from django.core.files.base import ContentFile

    return Attachment.objects.create(
        kind=Attachment.Kind.SUPPLEMENT,
        file=ContentFile(b"%PDF-1.4 test", name="x.pdf"),
        original_name="x.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
    )


def in_status(procedure, status):
    application = factories.submit_application(procedure)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "actor"), ALL)
def test_transition(procedure, source, target, actor):
    application = in_status(procedure, source)
    before = application.events.count()
    files = [a_file()] if target in (S.SUPPLEMENTED, S.RESULT_ISSUED) else []
    note = "Đề nghị bổ sung bản sao giấy khai sinh."
    if (source, target, actor) in LEGAL:
        application_transition(
            application=application, to_status=target, actor=actor, note=note, files=files
        )
        application.refresh_from_db()
        assert application.status == target
        event = application.events.latest("pk")
        assert (event.from_status, event.to_status, event.actor) == (source, target, actor)
        assert event.note == note
    else:
        with pytest.raises(TransitionError) as error:
            application_transition(
                application=application, to_status=target, actor=actor, note=note, files=files
            )
        assert "không thể chuyển" in str(error.value)
        application.refresh_from_db()
        assert application.status == source
        assert application.events.count() == before


@pytest.mark.django_db
class TestTransitionRules:
    def test_supplement_request_needs_a_note(self, procedure):
        application = in_status(procedure, S.IN_REVIEW)
        with pytest.raises(TransitionError) as error:
            application_transition(
                application=application, to_status=S.SUPPLEMENT_REQUESTED, actor=Actor.STAFF
            )
        assert "ghi chú" in str(error.value)

    def test_result_needs_a_file(self, procedure):
        application = in_status(procedure, S.APPROVED)
        with pytest.raises(TransitionError) as error:
            application_transition(
                application=application, to_status=S.RESULT_ISSUED, actor=Actor.STAFF
            )
        assert "tệp" in str(error.value)

    def test_records_who_when_and_visibility(self, procedure, django_user_model):
        officer = django_user_model.objects.create_user("canbo", password="x")
        application = factories.submit_application(procedure)
        application_transition(
            application=application,
            to_status=S.RECEIVED,
            actor=Actor.STAFF,
            user=officer,
            note="Nội bộ",
            visible=False,
        )
        event = application.events.latest("pk")
        assert event.user == officer
        assert abs(event.at - timezone.now()) < datetime.timedelta(seconds=5)
        assert event.visible_to_applicant is False

    def test_visible_moves_notify_the_applicant(
        self, procedure, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            application = factories.submit_application(procedure, email="phuhuynh@example.vn")
        assert len(mail.outbox) == 1  # the receipt
        assert application.code in mail.outbox[0].subject
        assert "Chúng tôi đã nhận hồ sơ" in mail.outbox[0].body
        with django_capture_on_commit_callbacks(execute=True):
            application_transition(application=application, to_status=S.RECEIVED, actor=Actor.STAFF)
        assert len(mail.outbox) == 2
        assert "Đã tiếp nhận" in mail.outbox[1].subject
        with django_capture_on_commit_callbacks(execute=True):
            application_transition(
                application=application, to_status=S.IN_REVIEW, actor=Actor.STAFF, visible=False
            )
        assert len(mail.outbox) == 2

    def test_supplement_restarts_the_clock(self, procedure):
        application = in_status(procedure, S.SUPPLEMENT_REQUESTED)
        Application.objects.filter(pk=application.pk).update(
            clock_started_on=datetime.date(2020, 1, 1), due_date=datetime.date(2020, 1, 6)
        )
        application.refresh_from_db()
        application_transition(
            application=application,
            to_status=S.SUPPLEMENTED,
            actor=Actor.APPLICANT,
            files=[a_file()],
        )
        application.refresh_from_db()
        assert application.clock_started_on == timezone.localdate()
        assert application.due_date > timezone.localdate()
        assert application.attachments.filter(kind=Attachment.Kind.SUPPLEMENT).count() == 1

    def test_overdue_flag(self, procedure):
        application = factories.submit_application(procedure)
        assert not application.is_overdue
        application.due_date = timezone.localdate() - datetime.timedelta(days=1)
        assert application.is_overdue
        application.status = S.SUPPLEMENT_REQUESTED  # the clock is stopped
        assert not application.is_overdue

    def test_submission_event_is_visible(self, procedure):
        application = factories.submit_application(procedure)
        event = application.events.get()
        assert event.kind == ApplicationEvent.Kind.TRANSITION
        assert event.to_status == S.SUBMITTED and event.visible_to_applicant
        assert application.due_date is not None


@pytest.mark.django_db
class TestFee:
    """A procedure with a fee: the application waits for the payment, the clock with it."""

    @pytest.fixture
    def fee_procedure(self, procedure):
        procedure.fee_amount = 50_000
        procedure.save()
        return procedure

    def test_submitted_awaiting_payment_without_a_due_date(self, fee_procedure):
        application = factories.submit_application(fee_procedure)
        assert application.status == S.AWAITING_PAYMENT
        assert application.due_date is None
        event = application.events.get()
        assert (event.to_status, event.actor) == (S.AWAITING_PAYMENT, Actor.APPLICANT)
        assert event.visible_to_applicant

    def test_free_procedure_is_submitted_at_once(self, procedure):
        assert procedure.fee_amount == 0
        application = factories.submit_application(procedure)
        assert application.status == S.SUBMITTED and application.due_date is not None

    def test_clock_starts_when_paid(self, fee_procedure):
        application = factories.submit_application(fee_procedure)
        Application.objects.filter(pk=application.pk).update(
            clock_started_on=datetime.date(2020, 1, 1)
        )
        application.refresh_from_db()
        application.due_date = timezone.localdate() - datetime.timedelta(days=30)
        assert not application.is_overdue  # no clock while the fee is unpaid
        application_transition(
            application=application, to_status=S.SUBMITTED, actor=Actor.PAYMENT_GATEWAY
        )
        application.refresh_from_db()
        assert application.clock_started_on == timezone.localdate()
        assert application.due_date > timezone.localdate()
        assert not application.is_overdue

    def test_applicant_may_withdraw_while_awaiting_payment(self, fee_procedure):
        application = factories.submit_application(fee_procedure)
        application_transition(
            application=application, to_status=S.WITHDRAWN, actor=Actor.APPLICANT
        )
        application.refresh_from_db()
        assert application.status == S.WITHDRAWN

    def test_neither_applicant_nor_staff_can_mark_it_paid(self, fee_procedure):
        application = factories.submit_application(fee_procedure)
        for actor in (Actor.APPLICANT, Actor.STAFF):
            with pytest.raises(TransitionError):
                application_transition(application=application, to_status=S.SUBMITTED, actor=actor)
        application.refresh_from_db()
        assert application.status == S.AWAITING_PAYMENT

    def test_unpaid_applications_are_closed_after_the_limit(
        self, fee_procedure, settings, django_capture_on_commit_callbacks
    ):
        settings.SERVICES_UNPAID_DAYS = 30
        old = factories.submit_application(fee_procedure)
        recent = factories.submit_application(fee_procedure)
        paid = factories.submit_application(fee_procedure)
        application_transition(application=paid, to_status=S.SUBMITTED, actor=Actor.PAYMENT_GATEWAY)
        long_ago = timezone.now() - datetime.timedelta(days=31)
        Application.objects.filter(pk__in=[old.pk, paid.pk]).update(submitted_at=long_ago)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            call_command("purge_expired_applications", stdout=io.StringIO())

        old.refresh_from_db()
        assert old.status == S.WITHDRAWN
        event = old.events.latest("at")
        assert (event.actor, event.visible_to_applicant) == (Actor.SYSTEM, True)
        assert "30 ngày" in event.note  # the applicant is told why, in Vietnamese
        assert len(mail.outbox) == 1 and old.code in mail.outbox[0].body
        assert Application.objects.get(pk=recent.pk).status == S.AWAITING_PAYMENT
        assert Application.objects.get(pk=paid.pk).status == S.SUBMITTED

    def test_closing_unpaid_applications_dry_run_changes_nothing(self, fee_procedure):
        application = factories.submit_application(fee_procedure)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=365)
        )
        out = io.StringIO()
        call_command("purge_expired_applications", "--dry-run", stdout=out)
        assert "1" in out.getvalue().splitlines()[0]
        assert Application.objects.get(pk=application.pk).status == S.AWAITING_PAYMENT
