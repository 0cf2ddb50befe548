"""A waiting room for the portal's peak hours (results day, the opening of admissions).

When the site is over capacity, new visitors are not let in to queue invisibly behind the
workers (where a page takes seconds, then fails with a 502/504): they get a light waiting page
at once, with their place in the queue and an honest estimate of the wait, that reloads itself
(meta refresh, no JavaScript). Scripts (no text/html in Accept) get 429 with Retry-After.
People already inside keep going: a parent in the middle of a journey is never shed.

Capacity is over when any configured signal says so (settings, all `WAITING_ROOM_*`):
- MAX_IN_FLIGHT: requests being served by this process (threaded workers, GUNICORN_THREADS > 1);
- MAX_QUEUE_MS: how long the request waited before a worker took it, from the X-Request-Start
  header that deploy/nginx sets (`t=<seconds.milliseconds>`) — the signal for sync workers,
  whose backlog the application cannot otherwise see;
- ADMIT_RATE: new visitors let in per second across every process (counted in the shared cache).

The queue is first come, first served within the waiting room, and only for entering the site:
a visitor who is shed gets a signed ticket (cookie) with a number from a shared counter and
their arrival time; every request that finds capacity free lets the next number in, and once
no request has found the site over capacity for CALM_SECONDS everyone waiting is let in.
Whoever is let in gets a signed admission cookie valid for ADMISSION_SECONDS (renewed while
they keep using the site). Visitors are also counted as inside, without waiting, when the
request carries a valid admission cookie; on calm days the cookie is only given with responses
that set a cookie anyway (a form's CSRF cookie, a session), so ordinary pages stay cacheable.

A POST from someone who is not inside is never silently dropped: the waiting page says it was
not sent, and carries the typed fields back in a form to send again (files must be chosen again).
The counters live in the cache (Redis in production, shared by every worker; the portal's
Redis backend keeps working in process memory if Redis is down, portal/cache.py).
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone

from portal.outage import wants_html, wants_json

TICKET_COOKIE = "portal_queue"
ADMISSION_COOKIE = "portal_admitted"
TICKET_SALT = "portal.waitingroom.ticket"
ADMISSION_SALT = "portal.waitingroom.admission"
TICKET_MAX_AGE = 6 * 3600
STATE_TIMEOUT = 6 * 3600
RATE_WINDOW = 10  # seconds over which the admission rate is measured

KEY_ISSUED = "waitingroom:issued"
KEY_SERVED = "waitingroom:served"
KEY_LAST_OVER = "waitingroom:last-over"


def _rate_key(second: int) -> str:
    return f"waitingroom:admitted:{second}"


@dataclass
class Decision:
    admit: bool
    position: int = 0  # 1: next in line
    number: int = 0
    arrival: float = 0.0
    rate: float = 0.0  # measured admissions per second
    set_ticket: bool = False
    set_admission: bool = False
    clear_ticket: bool = False

    @property
    def wait_seconds(self) -> int | None:
        if not self.rate:
            return None
        return max(1, math.ceil(self.position / self.rate))

    @property
    def retry_after(self) -> int:
        refresh = settings.WAITING_ROOM_REFRESH_SECONDS
        wait = self.wait_seconds
        return refresh if wait is None else max(3, min(refresh, wait))


# -- in-flight requests of this process ---------------------------------------------------

_in_flight_lock = threading.Lock()
_in_flight = [0]


def _enter() -> int:
    with _in_flight_lock:
        _in_flight[0] += 1
        return _in_flight[0]


def _leave() -> None:
    with _in_flight_lock:
        _in_flight[0] -= 1


# -- shared state ---------------------------------------------------------------------------


def _cache():
    return caches[settings.WAITING_ROOM_CACHE_ALIAS]


def _incr(key: str, delta: int = 1, timeout: int = STATE_TIMEOUT) -> int:
    cache = _cache()
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add and incr
        cache.add(key, delta, timeout=timeout)
        return delta


def _count_admission(now: float) -> None:
    _incr(_rate_key(int(now)), timeout=RATE_WINDOW * 3)


def measured_rate(now: float) -> float:
    """Admissions per second over the last RATE_WINDOW seconds, across every process."""
    second = int(now)
    keys = [_rate_key(s) for s in range(second - RATE_WINDOW, second)]
    counts = _cache().get_many(keys)
    return sum(int(v) for v in counts.values()) / RATE_WINDOW


def queue_time_ms(request: HttpRequest, now: float) -> float | None:
    """How long the request waited for a worker, from nginx's X-Request-Start (t=seconds)."""
    header = request.headers.get("X-Request-Start", "")
    value = header[2:] if header.startswith("t=") else header
    try:
        started = float(value)
    except ValueError:
        return None
    if started > 1e11:  # microseconds (other proxies) rather than seconds
        started /= 1e6
    return max(0.0, (now - started) * 1000)


def over_capacity(request: HttpRequest, *, in_flight: int, now: float) -> bool:
    bound = settings.WAITING_ROOM_MAX_IN_FLIGHT
    if bound and in_flight > bound:
        return True
    max_queue = settings.WAITING_ROOM_MAX_QUEUE_MS
    if max_queue:
        waited = queue_time_ms(request, now)
        if waited is not None and waited > max_queue:
            return True
    rate = settings.WAITING_ROOM_ADMIT_RATE
    return bool(rate) and int(_cache().get(_rate_key(int(now))) or 0) >= rate


def _read_ticket(request: HttpRequest) -> tuple[int, float] | None:
    raw = request.COOKIES.get(TICKET_COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        return int(data["n"]), float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def admitted_since(request: HttpRequest) -> float | None:
    """When the visitor was let in, if the request carries a valid admission cookie."""
    raw = request.COOKIES.get(ADMISSION_COOKIE)
    if not raw:
        return None
    try:
        return float(
            signing.loads(raw, salt=ADMISSION_SALT, max_age=settings.WAITING_ROOM_ADMISSION_SECONDS)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None


def decide(request: HttpRequest, *, in_flight: int, now: float | None = None) -> Decision:
    """Let the request in, or give it a place in the queue (the one rule, shared by all)."""
    now = time.time() if now is None else now
    since = admitted_since(request)
    if since is not None:
        renew = now - since > settings.WAITING_ROOM_ADMISSION_SECONDS / 2
        return Decision(admit=True, set_admission=renew)

    over = over_capacity(request, in_flight=in_flight, now=now)
    cache = _cache()
    if over:
        cache.set(KEY_LAST_OVER, now, timeout=STATE_TIMEOUT)
    state = cache.get_many([KEY_ISSUED, KEY_SERVED, KEY_LAST_OVER])
    issued = int(state.get(KEY_ISSUED) or 0)
    served = int(state.get(KEY_SERVED) or 0)
    last_over = float(state.get(KEY_LAST_OVER) or 0)
    active = now - last_over <= settings.WAITING_ROOM_CALM_SECONDS
    if not active and served < issued:  # calm again: everyone waiting comes in
        served = _incr(KEY_SERVED, issued - served)
    if not over and served < issued:  # room for one more: the next number comes in
        served = _incr(KEY_SERVED)
        _count_admission(now)

    ticket = _read_ticket(request)
    if ticket is not None:
        number, arrival = ticket
        if number <= served or number > issued:  # its turn came (or the counter was reset)
            return Decision(admit=True, set_admission=True, clear_ticket=True)
        return Decision(
            admit=False,
            position=number - served,
            number=number,
            arrival=arrival,
            rate=measured_rate(now),
        )

    if not over and served >= issued:
        _count_admission(now)
        return Decision(admit=True, set_admission=active)
    number = _incr(KEY_ISSUED)
    return Decision(
        admit=False,
        position=max(1, number - served),
        number=number,
        arrival=time.time(),  # when the number was drawn: arrival order is number order
        rate=measured_rate(now),
        set_ticket=True,
    )


# -- answers --------------------------------------------------------------------------------


def _set_cookie(response: HttpResponse, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def apply_cookies(response: HttpResponse, decision: Decision, now: float) -> None:
    if decision.set_admission:
        value = signing.dumps(str(now), salt=ADMISSION_SALT)
        _set_cookie(response, ADMISSION_COOKIE, value, settings.WAITING_ROOM_ADMISSION_SECONDS)
    if decision.set_ticket:
        value = signing.dumps({"n": decision.number, "t": decision.arrival}, salt=TICKET_SALT)
        _set_cookie(response, TICKET_COOKIE, value, TICKET_MAX_AGE)
    if decision.clear_ticket:
        response.delete_cookie(TICKET_COOKIE, samesite="Lax")


def _kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    try:
        return [(key, value) for key, values in request.POST.lists() for value in values]
    except Exception:  # noqa: BLE001 - a body we cannot read is not kept, and we say so
        return []


def _had_files(request: HttpRequest) -> bool:
    try:
        return bool(request.FILES)
    except Exception:  # noqa: BLE001
        return request.content_type == "multipart/form-data"


def waiting_response(request: HttpRequest, decision: Decision) -> HttpResponse:
    retry_after = decision.retry_after
    if wants_html(request):
        was_post = request.method == "POST"
        arrival = timezone.localtime(
            datetime.datetime.fromtimestamp(decision.arrival, tz=datetime.UTC)
        )
        wait = decision.wait_seconds
        body = loader.get_template("waiting_room.html").render(
            {
                "position": decision.position,
                "ahead": decision.position - 1,
                "arrival": arrival,
                "wait_minutes": None if wait is None else max(1, math.ceil(wait / 60)),
                "rate_per_minute": round(decision.rate * 60),
                "retry_after": retry_after,
                "was_post": was_post,
                "had_files": was_post and _had_files(request),
                "fields": _kept_fields(request),
                "action": request.get_full_path(),
            }
        )
        # 200, not 503: the page is an answer for a person, who is in the queue.
        response = HttpResponse(body)
    elif wants_json(request):
        response = HttpResponse(
            json.dumps(
                {"status": "busy", "retry_after": retry_after, "position": decision.position}
            ),
            status=429,
            content_type="application/json",
        )
    else:
        response = HttpResponse(
            f"Too many visitors at the moment. Retry after {retry_after} seconds.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["X-Waiting-Room"] = str(decision.position)
    return response


def is_exempt(path: str) -> bool:
    return path.startswith(tuple(settings.WAITING_ROOM_EXEMPT_PATHS))


logger = logging.getLogger("portal.waitingroom")
_last_error = [0.0]


class WaitingRoomMiddleware:
    """Before sessions and authentication: a shed request costs no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.WAITING_ROOM_ENABLED or is_exempt(request.path):
            return self.get_response(request)
        now = time.time()
        in_flight = _enter()
        try:
            try:
                decision = decide(request, in_flight=in_flight, now=now)
            except Exception:  # noqa: BLE001 - the queue's cache failing must not fail the site
                if now - _last_error[0] > 60:
                    _last_error[0] = now
                    logger.warning("Waiting room off for this request: its cache failed.")
                decision = Decision(admit=True)
            if not decision.admit:
                response = waiting_response(request, decision)
                apply_cookies(response, decision, now)
                return response
            response = self.get_response(request)
        finally:
            _leave()
        if not decision.set_admission and response.cookies and admitted_since(request) is None:
            # A form or a session begins: whoever starts something is counted as inside.
            decision.set_admission = True
        apply_cookies(response, decision, now)
        return response
