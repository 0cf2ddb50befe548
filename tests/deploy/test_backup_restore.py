"""A real backup-and-restore drill with deploy/backup.sh and deploy/restore.sh on PostgreSQL.

Nothing here is skipped: a machine without pg_dump, pg_restore or psql fails these tests,
because a backup procedure nobody can run is not a backup procedure.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
BACKUP = BASE_DIR / "deploy" / "backup.sh"
RESTORE = BASE_DIR / "deploy" / "restore.sh"
ROW = "Trường THPT Nguyễn Trãi — tuyển sinh lớp 10"
IMAGE_BYTES = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;"
DOCUMENT_BYTES = "Quyết định số 123/QĐ-SGDĐT\n".encode() * 100
# An application's attachment, as applications/ stores it: a random name in a dated folder.
ATTACHMENT_PATH = "applications/2025/01/3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
ATTACHMENT_BYTES = b"%PDF-1.4\n% H\xe1\xbb\x8dc b\xe1\xba\xa1 l\xe1\xbb\x9bp 12\n%%EOF\n"


def server_url():
    """The PostgreSQL server of the suite's DATABASE_URL (or the local default), no database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    return parts._replace(path="", query="", fragment="")


def _drill_prefix():
    """Drill databases named after the suite's database, so parallel suites never collide."""
    url = os.environ.get("DATABASE_URL", "")
    name = (
        urlsplit(url).path.lstrip("/") if url.startswith(("postgres://", "postgresql://")) else ""
    )
    return re.sub(r"[^a-z0-9_]", "_", (name or "deploy").lower())[:40]


SOURCE_DB = f"{_drill_prefix()}_drill_src"
TARGET_DB = f"{_drill_prefix()}_drill_dst"


def database_url(name):
    return urlunsplit(server_url()._replace(path=f"/{name}"))


def psql(database, sql):
    result = subprocess.run(
        ["psql", database_url(database), "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def drop_drill_databases():
    for name in (SOURCE_DB, TARGET_DB):
        psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def script_env(**variables):
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "BACKUP_DIR", "AWS_STORAGE_BUCKET_NAME"}
        and not key.startswith(("BACKUP_", "RESTORE_", "PG", "SERVICES_PRIVATE_"))
    }
    # Never read the host's /etc/portal/portal.env during a test.
    environ["PORTAL_ENV_FILE"] = ""
    environ.update(variables)
    return environ


def run(script, *args, **variables):
    return subprocess.run(
        ["bash", str(script), *args],
        env=script_env(**variables),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def drill_databases():
    drop_drill_databases()
    for name in (SOURCE_DB, TARGET_DB):
        psql("postgres", f'CREATE DATABASE "{name}"')
    yield
    drop_drill_databases()


def test_the_postgresql_client_tools_are_installed():
    for tool in ("pg_dump", "pg_restore", "psql"):
        assert shutil.which(tool), f"{tool} is missing: apt-get install postgresql-client"


def test_backup_then_restore_brings_back_the_row_and_the_files(drill_databases, tmp_path):
    insert_row = f"INSERT INTO drill_school (name) VALUES ('{ROW}')"  # noqa: S608 (a constant)
    psql(SOURCE_DB, "CREATE TABLE drill_school (id serial PRIMARY KEY, name text NOT NULL)")
    psql(SOURCE_DB, insert_row)
    # An application whose attachment lives in the private storage, outside MEDIA_ROOT.
    psql(SOURCE_DB, "CREATE TABLE drill_attachment (code text, file text)")
    psql(
        SOURCE_DB,
        f"INSERT INTO drill_attachment VALUES ('HS250101-7QK2MX', '{ATTACHMENT_PATH}')",  # noqa: S608
    )
    source_private = tmp_path / "private-src"
    (source_private / ATTACHMENT_PATH).parent.mkdir(parents=True)
    (source_private / ATTACHMENT_PATH).write_bytes(ATTACHMENT_BYTES)
    source_media = tmp_path / "media-src"
    (source_media / "images").mkdir(parents=True)
    (source_media / "images" / "logo.gif").write_bytes(IMAGE_BYTES)
    (source_media / "documents").mkdir()
    (source_media / "documents" / "quyết-định.txt").write_bytes(DOCUMENT_BYTES)
    backups = tmp_path / "backups"

    backup = run(
        BACKUP,
        DATABASE_URL=database_url(SOURCE_DB),
        MEDIA_ROOT=str(source_media),
        SERVICES_PRIVATE_ROOT=str(source_private),
        BACKUP_DIR=str(backups),
    )
    assert backup.returncode == 0, backup.stderr

    # One timestamped directory, named on the last line, complete and private.
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert archive.parent == backups
    assert [path.name for path in backups.iterdir()] == [archive.name]
    assert archive.name.startswith("portal-")
    assert sorted(path.name for path in archive.iterdir()) == [
        "MANIFEST",
        "SHA256SUMS",
        "database.dump",
        "media.tar",
        "private.tar",
    ]
    assert archive.stat().st_mode & 0o077 == 0
    assert (archive / "database.dump").read_bytes().startswith(b"PGDMP")  # custom format
    manifest = (archive / "MANIFEST").read_text()
    assert f"/{SOURCE_DB}" in manifest
    assert f"private_root: {source_private}" in manifest

    target_media = tmp_path / "restored" / "media"
    target_private = tmp_path / "restored" / "private"
    targets = {"MEDIA_ROOT": str(target_media), "SERVICES_PRIVATE_ROOT": str(target_private)}
    restore = run(RESTORE, str(archive), DATABASE_URL=database_url(TARGET_DB), **targets)
    assert restore.returncode == 0, restore.stderr

    assert psql(TARGET_DB, "SELECT id, name FROM drill_school") == f"1|{ROW}"
    assert (target_media / "images" / "logo.gif").read_bytes() == IMAGE_BYTES
    assert (target_media / "documents" / "quyết-định.txt").read_bytes() == DOCUMENT_BYTES
    # The restored application's attachment is back at the path its row names, private.
    restored_path = psql(TARGET_DB, "SELECT file FROM drill_attachment")
    assert (target_private / restored_path).read_bytes() == ATTACHMENT_BYTES
    assert target_private.stat().st_mode & 0o077 == 0
    assert not list(target_media.rglob(Path(ATTACHMENT_PATH).name))
    # The source was not touched.
    assert psql(SOURCE_DB, "SELECT count(*) FROM drill_school") == "1"

    # Restoring over data that is already there is refused, and changes nothing...
    psql(TARGET_DB, "INSERT INTO drill_school (name) VALUES ('added after the restore')")
    refused = run(RESTORE, str(archive), DATABASE_URL=database_url(TARGET_DB), **targets)
    assert refused.returncode != 0
    assert "RESTORE_FORCE" in refused.stderr
    assert psql(TARGET_DB, "SELECT count(*) FROM drill_school") == "2"

    # ...unless forced: then the database is exactly the backup again and the old media are kept.
    (target_media / "images" / "added.gif").write_bytes(IMAGE_BYTES)
    (target_private / "applications" / "stray").write_bytes(b"written after the backup")
    forced = run(
        RESTORE, str(archive), DATABASE_URL=database_url(TARGET_DB), RESTORE_FORCE="1", **targets
    )
    assert forced.returncode == 0, forced.stderr
    assert psql(TARGET_DB, "SELECT id, name FROM drill_school") == f"1|{ROW}"
    assert not (target_media / "images" / "added.gif").exists()
    kept = list(target_media.parent.glob("media.before-restore-*"))
    assert len(kept) == 1
    assert (kept[0] / "images" / "added.gif").exists()
    assert (target_private / ATTACHMENT_PATH).read_bytes() == ATTACHMENT_BYTES
    assert not (target_private / "applications" / "stray").exists()
    kept_private = list(target_private.parent.glob("private.before-restore-*"))
    assert len(kept_private) == 1
    assert (kept_private[0] / "applications" / "stray").exists()


def test_backup_refuses_a_missing_private_folder_rather_than_lose_applications(
    drill_databases, tmp_path
):
    psql(SOURCE_DB, "CREATE TABLE drill_school (name text)")
    backups = tmp_path / "backups"
    result = run(
        BACKUP,
        DATABASE_URL=database_url(SOURCE_DB),
        BACKUP_MEDIA="no",
        SERVICES_PRIVATE_ROOT=str(tmp_path / "no-such-folder"),
        BACKUP_DIR=str(backups),
    )
    assert result.returncode != 0
    assert "SERVICES_PRIVATE_ROOT" in result.stderr
    assert not backups.exists() or list(backups.iterdir()) == []
    # With another storage backend for the attachments there is nothing on disk to archive.
    elsewhere = run(
        BACKUP,
        DATABASE_URL=database_url(SOURCE_DB),
        BACKUP_MEDIA="no",
        SERVICES_PRIVATE_ROOT=str(tmp_path / "no-such-folder"),
        SERVICES_PRIVATE_STORAGE="storages.backends.s3.S3Storage",
        BACKUP_DIR=str(backups),
    )
    assert elsewhere.returncode == 0, elsewhere.stderr
    archive = Path(elsewhere.stdout.strip().splitlines()[-1])
    assert not (archive / "private.tar").exists()
    assert "private_root: (not archived)" in (archive / "MANIFEST").read_text()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(drill_databases, tmp_path):
    psql(SOURCE_DB, "CREATE TABLE drill_school (name text)")
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("a")
    backup = run(
        BACKUP,
        DATABASE_URL=database_url(SOURCE_DB),
        MEDIA_ROOT=str(media),
        BACKUP_PRIVATE="no",
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    with (archive / "media.tar").open("r+b") as tar:
        tar.seek(600)
        tar.write(b"corrupted")

    target_media = tmp_path / "restored"
    result = run(
        RESTORE, str(archive), DATABASE_URL=database_url(TARGET_DB), MEDIA_ROOT=str(target_media)
    )
    assert result.returncode != 0
    assert "checksums" in result.stderr
    assert psql(TARGET_DB, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0"
    assert not target_media.exists()


def test_a_forced_restore_that_fails_midway_leaves_the_database_as_it_was(
    drill_databases, tmp_path
):
    psql(SOURCE_DB, "CREATE TABLE drill_school (name text); INSERT INTO drill_school VALUES ('x')")
    backup = run(
        BACKUP,
        DATABASE_URL=database_url(SOURCE_DB),
        BACKUP_MEDIA="no",
        BACKUP_PRIVATE="no",
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert not (archive / "media.tar").exists()
    # A truncated dump whose checksums were rewritten: pg_restore fails part-way through.
    dump = archive / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    subprocess.run(
        ["sh", "-c", "sha256sum database.dump MANIFEST > SHA256SUMS"], cwd=archive, check=True
    )
    psql(TARGET_DB, "CREATE TABLE live (name text); INSERT INTO live VALUES ('production row')")

    result = run(RESTORE, str(archive), DATABASE_URL=database_url(TARGET_DB), RESTORE_FORCE="1")
    assert result.returncode != 0
    assert "left unchanged" in result.stderr
    assert psql(TARGET_DB, "SELECT name FROM live") == "production row"


def test_backup_fails_loudly_without_a_database_url(tmp_path):
    result = run(BACKUP, MEDIA_ROOT=str(tmp_path), BACKUP_DIR=str(tmp_path / "backups"))
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_backup_leaves_no_partial_directory_when_the_database_is_unreachable(tmp_path):
    backups = tmp_path / "backups"
    result = run(
        BACKUP,
        DATABASE_URL=database_url("deploy_drill_does_not_exist"),
        MEDIA_ROOT=str(tmp_path),
        SERVICES_PRIVATE_ROOT=str(tmp_path),
        BACKUP_DIR=str(backups),
    )
    assert result.returncode != 0
    assert list(backups.iterdir()) == []
