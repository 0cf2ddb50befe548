"""The upgrade across the split of `services` into `applications` and `procedures`, for real.

A database is built by the code as it was before the split (the commit below, checked out from
this repository's own history into a temporary folder): migrated, the Vietnamese demo loaded,
and online applications made through that code's own services, with their history, an
attachment in private storage, a payment, notifications and audit log rows. Then this code
migrates the same database forward with `manage.py migrate`, and every row must still be
there with its id, its file and its links. Nothing is skipped: a clone without the history
(`git clone --depth 1`) fails this test, as an upgrade that cannot be checked is no upgrade.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.test_backup_restore import database_url, psql, server_url

BASE_DIR = Path(__file__).resolve().parents[2]
# The last commit with every model still in `services` (its migrations end at 0004).
BEFORE_SPLIT = "d473d473e4e140489883534d95bf059bb2d5b8cb"
DATABASE = f"{os.environ.get('DATABASE_URL', 'x').rsplit('/', 1)[-1][:30]}_upgrade"

# Run by the old code after the demo is loaded: cases through its own services.
MAKE_CASES = r"""
import json, sys
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.log_actions import log
from services import factories, services
from services.models import Attachment, Payment, ProcedurePage
from services.status import Actor, Status

officer = get_user_model().objects.create_user("canbo_nangcap", password="x")
division = Group.objects.create(name="Phòng Khảo thí (nâng cấp)")
officer.groups.add(division)
procedures = list(ProcedurePage.objects.filter(handling="here").order_by("pk")[:2])
procedures[0].procedure_field.officer_groups.add(division)
made = []
for number, procedure in enumerate(procedures * 2):
    application = factories.submit_application(procedure, name=f"Người nộp {number}")
    attachment = services.attachment_store(
        upload=SimpleUploadedFile("hoc-ba.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        kind=Attachment.Kind.APPLICANT, allowed=["pdf"], max_mb=5,
        application=application, label="Học bạ",
    )
    services.application_transition(
        application=application, to_status=Status.RECEIVED, actor=Actor.STAFF, user=officer
    )
    Payment.objects.create(application=application, txn_ref=f"UPGRADE{number}", amount=50000)
    log(instance=application, action="services.view_personal_data", user=officer)
    made.append(application.pk)
print("MADE", json.dumps(made))
"""

# The rows that must survive, read with plain SQL so that the two schemas can be compared.
SNAPSHOT = {
    "applications": "SELECT id, code, {definition}, status, applicant_name FROM {t}application",
    "events": "SELECT id, application_id, to_status FROM {t}applicationevent",
    "attachments": "SELECT id, application_id, file, sha256 FROM {t}attachment",
    "payments": "SELECT id, application_id, txn_ref FROM {t}payment",
    "notifications": "SELECT id, application_id, event_id, channel FROM {t}notification",
    "holidays": "SELECT id, date FROM {t}publicholiday",
    "procedure pages": "SELECT page_ptr_id, code, fee_amount FROM {p}procedurepage",
    "form fields": "SELECT id, page_id, name FROM {p}procedureformfield",
    "fields": "SELECT id, name FROM {p}procedurefield",
    "field groups": "SELECT procedurefield_id, group_id FROM {p}procedurefield_officer_groups",
    "audit": "SELECT id, content_type_id, object_id, action FROM wagtailcore_modellogentry",
    "pages": "SELECT id, content_type_id, title FROM wagtailcore_page",
    "permissions": "SELECT id, content_type_id, codename FROM auth_permission",
    "group permissions": "SELECT group_id, permission_id FROM auth_group_permissions",
}
MOVED_MODELS = [
    "application",
    "applicationevent",
    "attachment",
    "notification",
    "payment",
    "publicholiday",
    "procedurepage",
    "procedureindexpage",
    "procedureformfield",
    "procedurefield",
    "handlingbody",
]


def snapshot(before):
    names = (
        {"t": "services_", "p": "services_", "definition": "procedure_id"}
        if before
        else {"t": "applications_", "p": "procedures_", "definition": "definition_id"}
    )
    rows = {
        name: sorted(psql(DATABASE, sql.format(**names) + " ORDER BY 1").splitlines())
        for name, sql in SNAPSHOT.items()
    }
    models = "', '".join(MOVED_MODELS)
    rows["content type ids"] = sorted(
        psql(
            DATABASE,
            f"SELECT id, model FROM django_content_type WHERE model IN ('{models}') "  # noqa: S608 (constants)
            "AND app_label IN ('services', 'applications', 'procedures') ORDER BY 1",
        ).splitlines()
    )
    return rows


def manage(checkout, *args, media, private):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DATABASE_URL": database_url(DATABASE),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "MEDIA_ROOT": str(media),
        "SERVICES_PRIVATE_ROOT": str(private),
        "DEMO_CREDENTIALS_FILE": str(media.parent / "demo-credentials"),
        "PYTHONPATH": str(checkout),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"{checkout}: manage.py {args[0]}\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


@pytest.fixture
def old_checkout(tmp_path):
    if not shutil.which("git") or not (BASE_DIR / ".git").exists():
        pytest.fail("the upgrade test needs this repository's git history")
    folder = tmp_path / "before-split"
    result = subprocess.run(
        ["git", "-C", str(BASE_DIR), "worktree", "add", "--detach", str(folder), BEFORE_SPLIT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"cannot check out {BEFORE_SPLIT} (a shallow clone?): {result.stderr}"
    )
    yield folder
    subprocess.run(
        ["git", "-C", str(BASE_DIR), "worktree", "remove", "--force", str(folder)],
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def upgrade_database():
    if not server_url().scheme.startswith("postgres"):
        pytest.fail("the upgrade test runs on PostgreSQL")
    psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql("postgres", f'CREATE DATABASE "{DATABASE}"')
    yield DATABASE
    psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def test_a_database_from_before_the_split_migrates_forward_losing_nothing(
    old_checkout, upgrade_database, tmp_path
):
    media, private = tmp_path / "media", tmp_path / "private"
    files = {"media": media, "private": private}
    manage(old_checkout, "migrate", "--noinput", **files)
    manage(old_checkout, "load_demo", **files)
    made = json.loads(manage(old_checkout, "shell", "-c", MAKE_CASES, **files).split("MADE", 1)[1])
    assert len(made) == 4
    before = snapshot(before=True)
    assert len(before["applications"]) == 4 and len(before["attachments"]) == 4
    assert before["audit"] and before["notifications"] and before["field groups"]

    manage(BASE_DIR, "migrate", "--noinput", **files)

    after = snapshot(before=False)
    # Apps added since (admissions, staff accounts) bring permissions of their own, and the
    # admissions officers' group made after migrate holds some: every row from before is
    # still there, unchanged; the rest of the data is exactly as it was.
    grown = ("permissions", "group permissions")
    for table in grown:
        assert set(before[table]) <= set(after[table]), table
    assert {k: v for k, v in after.items() if k not in grown} == {
        k: v for k, v in before.items() if k not in grown
    }
    labels = psql(
        DATABASE,
        "SELECT DISTINCT app_label FROM django_content_type WHERE model IN "
        "('application', 'procedurepage') ORDER BY 1",
    ).splitlines()
    assert labels == ["applications", "procedures"]
    # Every attachment's file is still where its row says, in private storage.
    for row in after["attachments"]:
        name = row.split("|")[2]
        assert (private / name).is_file(), name
    # The new code reads the old rows: each application's definition is its procedure page,
    # and the migrated schema is the one the models describe.
    output = manage(
        BASE_DIR,
        "shell",
        "-c",
        "from applications.models import Application\n"
        "from applications.definitions import definition_of\n"
        "print(sorted((a.pk, type(definition_of(a)).__name__) for a in Application.objects.all()))",
        **files,
    )
    # (the last line: Django's shell first says what it imported)
    assert output.strip().splitlines()[-1] == str(sorted((pk, "ProcedurePage") for pk in made))
    manage(BASE_DIR, "makemigrations", "--check", "--dry-run", **files)
