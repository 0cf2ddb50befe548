"""Retention: closed applications past their procedure's retention period lose their
personal data (files included); everything else is left alone."""

import datetime
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications import retention, selectors
from applications.models import Application, ApplicationEvent, Attachment
from applications.services import application_add_note, application_transition, attachment_store
from applications.status import Actor, Status
from procedures import factories
from tests.applications.helpers import pdf_upload

RETENTION_DAYS = 30
NAME, PHONE, ID_NUMBER = "Lê Thị Hoa", "0905777888", "051301009999"
ANSWERS = [
    {
        "name": "dia_chi",
        "label": "Địa chỉ nhận kết quả",
        "type": "address",
        "value": "12 Quang Trung",
        "step": 2,
    },
    {"name": "nam", "label": "Năm tốt nghiệp", "type": "text", "value": "2019", "step": 2},
]


@pytest.fixture
def short_retention(procedure):
    procedure.retention_days = RETENTION_DAYS
    procedure.save(update_fields=["retention_days"])
    return procedure


def stored_file(application, kind=Attachment.Kind.APPLICANT):
    return attachment_store(
        upload=pdf_upload(),
        kind=kind,
        allowed=["pdf"],
        max_mb=5,
        application=application,
        label="Bản chụp",
    )


def on_disk(attachment):
    return Path(settings.SERVICES_PRIVATE_ROOT) / attachment.file.name


def closed_application(procedure, *, ended_days_ago):
    """An application with the applicant's file, an internal note and a result, closed
    (result issued) `ended_days_ago` days ago."""
    application = factories.submit_application(
        procedure,
        name=NAME,
        phone=PHONE,
        personal_id=ID_NUMBER,
        birth_date=datetime.date(2010, 5, 1),
    )
    Application.objects.filter(pk=application.pk).update(answers=ANSWERS)
    stored_file(application)
    staff = {"actor": Actor.STAFF, "note": f"Đã gọi {NAME} qua số {PHONE}"}
    for status in (Status.RECEIVED, Status.IN_REVIEW, Status.APPROVED):
        application_transition(application=application, to_status=status, **staff)
    application_add_note(application=application, user=None, note=f"CCCD {ID_NUMBER}")
    result = attachment_store(
        upload=pdf_upload("ket-qua.pdf"),
        kind=Attachment.Kind.RESULT,
        allowed=["pdf"],
        max_mb=5,
        draft_token=uuid.uuid4(),
    )
    application_transition(
        application=application, to_status=Status.RESULT_ISSUED, files=[result], **staff
    )
    backdate(application, days=ended_days_ago)
    return Application.objects.get(pk=application.pk)


def backdate(application, *, days):
    """Move the whole case `days` into the past, keeping the order of its history."""
    shift = datetime.timedelta(days=days)
    events = ApplicationEvent.objects.filter(application=application)
    for event in events:
        event.at -= shift
        event.save(update_fields=["at"])
    Application.objects.filter(pk=application.pk).update(
        submitted_at=application.submitted_at - shift,
        decided_at=(application.decided_at - shift) if application.decided_at else None,
    )


@pytest.mark.django_db
class TestPurge:
    def test_expired_application_loses_its_personal_data_and_keeps_its_statistics(
        self, short_retention
    ):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        attachments = list(application.attachments.all())
        assert len(attachments) == 2 and all(on_disk(a).exists() for a in attachments)
        before = Application.objects.values(
            "code", "definition", "status", "submitted_at", "decided_at", "due_date"
        ).get(pk=application.pk)

        result = retention.purge_expired_applications()

        assert (result.applications, result.attachments, result.dry_run) == (1, 2, False)
        purged = Application.objects.get(pk=application.pk)
        assert purged.personal_data_purged_at is not None
        assert (
            purged.applicant_name,
            purged.applicant_phone,
            purged.applicant_email,
            purged.applicant_personal_id,
            purged.applicant_birth_date,
        ) == ("", "", "", "", None)
        # The questions stay, the answers go.
        assert purged.answers == [
            {"name": "dia_chi", "label": "Địa chỉ nhận kết quả", "type": "address", "step": 2},
            {"name": "nam", "label": "Năm tốt nghiệp", "type": "text", "step": 2},
        ]
        assert purged.consent_version == application.consent_version
        # Files gone from the disk and from the table.
        assert not any(on_disk(a).exists() for a in attachments)
        assert not Attachment.objects.filter(pk__in=[a.pk for a in attachments]).exists()
        # The history stays (who moved it when) without the free text.
        events = ApplicationEvent.objects.filter(application=application)
        assert events.count() == 6
        assert set(events.values_list("note", flat=True)) == {""}
        # What the statistics count is unchanged.
        after = Application.objects.values(*before).get(pk=application.pk)
        assert after == before
        # And the audit trail says the system purged it.
        entry = ModelLogEntry.objects.get(action=retention.PURGE_ACTION)
        assert entry.object_id == str(application.pk) and entry.user is None

    def test_not_yet_expired_is_untouched(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS - 1)
        assert retention.purge_expired_applications().applications == 0
        kept = Application.objects.get(pk=application.pk)
        assert (kept.applicant_name, kept.answers, kept.personal_data_purged_at) == (
            NAME,
            ANSWERS,
            None,
        )
        assert all(on_disk(a).exists() for a in kept.attachments.all())

    def test_retention_counts_from_the_end_of_the_case_not_the_submission(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS - 1)
        # Submitted years ago, closed recently: still kept.
        Application.objects.filter(pk=application.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=3 * 365)
        )
        assert retention.purge_expired_applications().applications == 0
        # The day the period runs out, it goes.
        later = timezone.now() + datetime.timedelta(days=2)
        assert retention.purge_expired_applications(now=later).applications == 1

    def test_open_application_is_never_purged_however_old(self, short_retention):
        application = factories.submit_application(short_retention, name=NAME, phone=PHONE)
        stored_file(application)
        for status in (Status.RECEIVED, Status.IN_REVIEW):
            application_transition(application=application, to_status=status, actor=Actor.STAFF)
        backdate(application, days=20 * 365)
        assert retention.purge_expired_applications().applications == 0
        kept = Application.objects.get(pk=application.pk)
        assert kept.applicant_name == NAME and kept.personal_data_purged_at is None
        assert on_disk(kept.attachments.get()).exists()

    def test_withdrawn_application_is_purged_too(self, short_retention):
        application = factories.submit_application(short_retention, name=NAME, phone=PHONE)
        application_transition(
            application=application, to_status=Status.WITHDRAWN, actor=Actor.APPLICANT
        )
        backdate(application, days=RETENTION_DAYS + 1)
        assert retention.purge_expired_applications().applications == 1
        assert Application.objects.get(pk=application.pk).applicant_name == ""

    def test_each_procedure_has_its_own_period(self, short_retention, catalogue):
        longer = factories.ProcedurePageFactory(
            parent=catalogue, handling="here", retention_days=RETENTION_DAYS * 10
        )
        expired = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        kept = closed_application(longer, ended_days_ago=RETENTION_DAYS + 1)
        assert retention.purge_expired_applications().applications == 1
        assert Application.objects.get(pk=expired.pk).personal_data_purged_at is not None
        assert Application.objects.get(pk=kept.pk).personal_data_purged_at is None

    def test_dry_run_counts_and_changes_nothing(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        result = retention.purge_expired_applications(dry_run=True)
        assert (result.applications, result.attachments, result.dry_run) == (1, 2, True)
        kept = Application.objects.get(pk=application.pk)
        assert kept.applicant_name == NAME and kept.personal_data_purged_at is None
        assert kept.attachments.count() == 2
        assert all(on_disk(a).exists() for a in kept.attachments.all())
        assert not ModelLogEntry.objects.filter(action=retention.PURGE_ACTION).exists()

    def test_a_second_run_does_nothing_more(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        assert retention.purge_expired_applications().applications == 1
        first = Application.objects.get(pk=application.pk).personal_data_purged_at
        again = retention.purge_expired_applications(now=timezone.now() + datetime.timedelta(1))
        assert (again.applications, again.attachments) == (0, 0)
        assert Application.objects.get(pk=application.pk).personal_data_purged_at == first
        # Purging one application directly a second time is a no-op as well.
        assert retention.application_purge_personal_data(application_id=application.pk) is None
        assert ModelLogEntry.objects.filter(action=retention.PURGE_ACTION).count() == 1

    def test_a_file_already_missing_does_not_stop_the_purge(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        on_disk(application.attachments.first()).unlink()
        assert retention.purge_expired_applications().applications == 1
        assert not Attachment.objects.filter(application=application).exists()


@pytest.mark.django_db
class TestAbandonedUploads:
    def test_files_of_a_journey_never_submitted_go_once_the_session_is_over(self, procedure):
        old = attachment_store(
            upload=pdf_upload(), kind=Attachment.Kind.APPLICANT, allowed=["pdf"], max_mb=5,
            draft_token=uuid.uuid4(),
        )  # fmt: skip
        recent = attachment_store(
            upload=pdf_upload(), kind=Attachment.Kind.APPLICANT, allowed=["pdf"], max_mb=5,
            draft_token=uuid.uuid4(),
        )  # fmt: skip
        submitted = factories.submit_application(procedure)
        kept = stored_file(submitted)
        session = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        long_ago = timezone.now() - session - datetime.timedelta(days=2)
        Attachment.objects.filter(pk__in=[old.pk, kept.pk]).update(uploaded_at=long_ago)

        assert retention.purge_abandoned_uploads(dry_run=True) == 1
        assert on_disk(old).exists()
        assert retention.purge_abandoned_uploads() == 1
        assert not on_disk(old).exists() and not Attachment.objects.filter(pk=old.pk).exists()
        assert on_disk(recent).exists() and on_disk(kept).exists()
        assert Attachment.objects.filter(pk__in=[recent.pk, kept.pk]).count() == 2


@pytest.mark.django_db
class TestCommand:
    def test_prints_counts_only(self, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        code = application.code
        dry = io.StringIO()
        call_command("purge_expired_applications", "--dry-run", stdout=dry)
        assert Application.objects.get(pk=application.pk).personal_data_purged_at is None
        out = io.StringIO()
        call_command("purge_expired_applications", stdout=out)
        assert Application.objects.get(pk=application.pk).personal_data_purged_at is not None
        for text in (dry.getvalue(), out.getvalue()):
            assert "1" in text and "2" in text
            for secret in (code, NAME, PHONE, ID_NUMBER, "2010"):
                assert secret not in text
        assert dry.getvalue() != out.getvalue()


@pytest.mark.django_db
class TestAfterThePurge:
    def test_tracking_no_longer_finds_it(self, client, catalogue, short_retention):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        assert selectors.application_for_tracking(code=application.code, phone=PHONE)
        # A browser that looked it up before the purge loses it too.
        lookup = client.post(catalogue.url + "tra-cuu/", {"code": application.code, "phone": PHONE})
        assert lookup.status_code == 302
        retention.purge_expired_applications()
        assert client.get(catalogue.url + "tra-cuu/ho-so/").status_code == 302
        again = client.post(catalogue.url + "tra-cuu/", {"code": application.code, "phone": PHONE})
        assert again.status_code == 200 and "Không tìm thấy hồ sơ" in again.content.decode()
        assert selectors.application_for_tracking(code=application.code, phone="") is None

    def test_back_office_says_personal_data_purged(
        self, client, django_user_model, short_retention
    ):
        application = closed_application(short_retention, ended_days_ago=RETENTION_DAYS + 1)
        admin = django_user_model.objects.create_superuser("quantri", password="x")
        admin.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(admin)
        url = f"/admin/ho-so-truc-tuyen/{application.pk}/"
        before = client.get(url).content.decode()
        assert 'id="personal-data-purged"' not in before and NAME in before
        retention.purge_expired_applications()
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="personal-data-purged"' in html and application.code in html
        for secret in (NAME, PHONE, ID_NUMBER, "12 Quang Trung", "ket-qua.pdf"):
            assert secret not in html
        # The queue lists it with its code, and its CSV export holds no personal data.
        assert application.code in client.get("/admin/ho-so-truc-tuyen/").content.decode()
        csv = client.get("/admin/ho-so-truc-tuyen/?export=csv").content.decode("utf-8-sig")
        assert application.code in csv and NAME not in csv and PHONE not in csv
