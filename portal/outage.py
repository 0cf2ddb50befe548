"""What a visitor gets while the database is unreachable: 503 with Retry-After, never a 500.

`server_error` (portal/views.py) is Django's handler for any uncaught exception, in a view or a
middleware; it asks `database_unavailable` whether the exception (or one it was raised from) is
the database refusing or losing the connection, and if so answers with `unavailable_response`:
a light Vietnamese page for a browser (it reloads itself after Retry-After seconds when it was a
GET; after a POST it says that nothing was saved and that the form is still in the browser), a
short JSON or plain-text answer for scripts. Nothing in it reads the database or the cache.
Django reconnects on the next request, so the portal recovers on its own when the database is
back. The `django.request` logger then gets one line per DATABASE_OUTAGE_LOG_INTERVAL seconds
(with the number of 503s since the last one) instead of a traceback per request.

A session that cannot be saved because the database went away during the request is the same
outage (portal/sessions.py), not Django's SessionInterrupted (a 400 that looks like a logout).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

OUTAGE_MARK = "_portal_database_outage"


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from, is a lost or refused connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def wants_html(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept or "application/xhtml+xml" in accept


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    retry_after = settings.DATABASE_OUTAGE_RETRY_AFTER
    setattr(request, OUTAGE_MARK, True)
    if wants_html(request):
        body = loader.get_template("503.html").render(
            {"retry_after": retry_after, "was_post": request.method == "POST"}
        )
        response = HttpResponse(body, status=503)
    elif wants_json(request):
        response = HttpResponse(
            json.dumps({"status": "unavailable", "retry_after": retry_after}),
            status=503,
            content_type="application/json",
        )
    else:
        response = HttpResponse(
            f"Service temporarily unavailable. Retry after {retry_after} seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class OutageLogFilter(logging.Filter):
    """Let through one `django.request` record of a database outage per interval."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.last = 0.0
        self.suppressed = 0

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not getattr(request, OUTAGE_MARK, False):
            return True
        now = time.monotonic()
        with self.lock:
            if now - self.last < settings.DATABASE_OUTAGE_LOG_INTERVAL:
                self.suppressed += 1
                return False
            self.last = now
            if self.suppressed:
                record.msg = f"{record.msg} (database unavailable; %d more 503s not logged)"
                record.args = (*record.args, self.suppressed)
            self.suppressed = 0
        return True
