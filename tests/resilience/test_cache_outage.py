"""Redis stops, or stops answering, in the middle of the test: the portal keeps working.

A real redis-server on a free port of its own is killed (refused connections) or paused with
SIGSTOP (it accepts connections and never answers, as a server that drops packets): pages,
the application journey with its confirmation redirect, tracking and rate limits still answer,
nothing waits longer than the socket timeout once per retry interval, the outage is logged
once, and the next request after Redis is back uses Redis again.
"""

import logging
import time
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from applications.models import Application
from portal.ratelimit import RateLimit, rate_limit_hit
from tests.applications.helpers import fill_journey, with_form

pytestmark = pytest.mark.django_db


def resilient(url, **options):
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-outage-{uuid.uuid4().hex}",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
                "RETRY_SECONDS": 1,
                "LOG_INTERVAL": 60,
                **options,
            },
        }
    }


def outage_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "portal.cache"]


def test_pages_journey_and_rate_limits_survive_a_killed_redis(
    redis_server, client, procedure, caplog
):
    with_form(procedure)
    with override_settings(CACHES=resilient(redis_server.url)):
        assert client.get("/").status_code == 200
        assert cache.get("portal-probe") is None
        cache.set("portal-probe", "ok")
        assert cache.get("portal-probe") == "ok"  # served by Redis

        check = fill_journey(client, procedure)  # half the journey with Redis up
        redis_server.kill()
        caplog.set_level(logging.WARNING, logger="portal.cache")

        for _ in range(10):
            assert client.get("/").status_code == 200
        assert client.get(procedure.url).status_code == 200
        token = check.context["form"]["token"].value()
        submitted = client.post(
            procedure.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"}
        )
        # The confirmation redirect is built (page.url reads the cache) after the commit.
        assert submitted.status_code == 302, submitted.content.decode()[:2000]
        application = Application.objects.get()
        assert submitted["Location"].endswith(f"/da-nop/{application.code}/")
        assert client.get(submitted["Location"]).status_code == 200

        track = client.post(
            procedure.get_parent().url + "tra-cuu/",
            {"code": application.code, "phone": "0905123456"},
        )
        assert track.status_code == 302, track.content.decode()[:2000]
        # Rate limits fall back to a per-process count: the limit still holds.
        rate = RateLimit(limit=2, window=60)
        hits = [rate_limit_hit(scope="outage", client="203.0.113.9", rate=rate) for _ in range(3)]
        assert hits == [True, True, False]

        lines = outage_lines(caplog)
        assert len(lines) == 1, lines  # once, not once per request
        assert "Redis cache unavailable" in lines[0]

        redis_server.start()  # same port, empty
        time.sleep(1.1)  # the retry interval
        assert client.get("/").status_code == 200
        cache.set("portal-probe", "again")
        import redis

        keys = redis.Redis.from_url(redis_server.url).keys("*portal-probe*")
        assert keys, "the cache writes to Redis again"
        assert "reachable again" in outage_lines(caplog)[-1]


def test_a_redis_that_stops_answering_costs_one_timeout_per_retry_interval(
    redis_server, client, home
):
    with override_settings(CACHES=resilient(redis_server.url, RETRY_SECONDS=30)):
        assert client.get("/").status_code == 200
        redis_server.pause()
        try:
            started = time.monotonic()
            for _ in range(10):
                assert client.get("/").status_code == 200
            elapsed = time.monotonic() - started
        finally:
            redis_server.resume()
    # One read timeout (0.3 s), then the breaker is open: ten pages well under 10 × 0.3 s.
    assert elapsed < 2.5, elapsed


def test_rate_limits_survive_a_cache_that_answers_nothing(redis_server):
    """django-redis told to ignore errors answers None to incr: no TypeError, a local count."""
    ignoring = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": f"test-ignore-{uuid.uuid4().hex}",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
            },
        }
    }
    with override_settings(CACHES=ignoring):
        redis_server.kill()
        rate = RateLimit(limit=3, window=60)
        hits = [rate_limit_hit(scope="none", client="203.0.113.10", rate=rate) for _ in range(4)]
    assert hits == [True, True, True, False]
