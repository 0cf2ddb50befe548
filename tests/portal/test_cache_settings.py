"""REDIS_URL switches the cache to the real Redis server (behind the portal's circuit breaker,
portal/cache.py); without it, process memory."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django; django.setup();"
    "from django.core.cache import caches; cache = caches['default'];"
    "cache.set('portal-cache-check', 'đã lưu', 30);"
    "print(type(cache).__name__, cache.get('portal-cache-check'))"
)


def run_with(**env):
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    environ.pop("REDIS_URL", None)
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_redis_url_uses_the_redis_server():
    url = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
    assert run_with(REDIS_URL=url) == "ResilientRedisCache đã lưu"


def test_without_redis_url_the_cache_is_local_memory():
    assert run_with() == "LocMemCache đã lưu"
