"""A pupils import run in the background, with its progress for the admin's progress page.

The upload is kept in private storage (never under MEDIA_ROOT) until the task has read it,
then deleted. The job's state — who started it, for which stage and year, how far it has got
and, at the end, the report — lives in the shared cache (Redis in production, which the web
workers and the task worker share; process memory in development, where the immediate task
backend runs the import in the web process). The cache is the one store whose writes other
processes see at once, including while the import's own transaction is open; the durable
record of who imported what is the Wagtail audit-log entry written when the import ends.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from admissions import pupils_import
from applications.storage import private_storage

logger = logging.getLogger(__name__)

JOB_SECONDS = 24 * 3600
IMPORT_ACTION = "admissions.import_pupils"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def _key(job_id) -> str:
    return f"admissions:pupil-import:{job_id}"


def job_state(job_id) -> dict | None:
    try:
        job_id = uuid.UUID(str(job_id)).hex
    except ValueError:
        return None
    return cache.get(_key(job_id))


def _save(job_id, state) -> None:
    cache.set(_key(job_id), state, JOB_SECONDS)


def job_start(*, data: bytes, file_name: str, stage, school_year, valid_only, user, scope) -> str:
    """Keep the file, record the job and enqueue the import once the request's transaction
    commits. Returns the job's id (for the progress page)."""
    job_id = uuid.uuid4().hex
    stored = private_storage().save(f"pupil-imports/{job_id}", ContentFile(data))
    _save(
        job_id,
        {
            "id": job_id,
            "status": QUEUED,
            "user_id": user.pk,
            "file_name": file_name[:120],
            "stored": stored,
            "stage": stage,
            "school_year": school_year,
            "valid_only": valid_only,
            "school_ids": None if scope.province else sorted(scope.school_ids),
            "done": 0,
            "total": None,
            "started_at": timezone.now().isoformat(),
            "message": "",
            "report": None,
        },
    )
    transaction.on_commit(lambda: run_pupil_import.enqueue(job_id=job_id))
    return job_id


def _finish(job_id, state, **changes):
    state.update(changes)
    _save(job_id, state)
    try:
        private_storage().delete(state["stored"])
    except OSError:
        logger.warning("pupil import %s: the uploaded file could not be deleted", job_id)


def job_run(job_id) -> dict | None:
    """Run a queued import (the task's body). Returns the final state."""
    state = job_state(job_id)
    if state is None or state["status"] != QUEUED:
        return state
    state["status"] = RUNNING
    _save(job_id, state)
    try:
        with private_storage().open(state["stored"], "rb") as stored:
            data = stored.read()
        sheet = pupils_import.read_pupils_file(data=data)
        state["total"] = len(sheet.rows)
        _save(job_id, state)

        def progress(done, total):
            state["done"], state["total"] = done, total
            _save(job_id, state)

        report = pupils_import.pupils_import(
            sheet=sheet,
            stage=state["stage"],
            school_year=state["school_year"],
            school_ids=state["school_ids"],
            valid_only=state["valid_only"],
            progress=progress,
        )
    except pupils_import.ImportFileError as problem:
        _finish(job_id, state, status=FAILED, message=str(problem))
        return state
    except Exception:
        _finish(job_id, state, status=FAILED, message=_("The import stopped on an error."))
        raise
    _finish(job_id, state, status=DONE, report=report.as_dict())
    _log_import(state, report)
    return state


def _log_import(state, report) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=state["user_id"]).first()
    if user is None:
        return
    log(
        instance=user,
        action=IMPORT_ACTION,
        user=user,
        data={
            "file": state["file_name"],
            "stage": state["stage"],
            "school_year": state["school_year"],
            "rows": report.total,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "failed": report.failed_rows,
            "written": report.written,
        },
    )


@task()
def run_pupil_import(*, job_id):
    state = job_run(job_id)
    return None if state is None else state["status"]
