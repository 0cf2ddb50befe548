"""Across processes: the generations live in the shared cache (Redis in production), so a
change made by one worker is seen by the others on their next request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from portal import sitecache

REPO = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
SHARED = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS,
        "KEY_PREFIX": "portal-test-chrome",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
BUMP = (
    "import sys, django; django.setup();"
    "from portal import sitecache;"
    "sitecache.bump(site_ids=[int(sys.argv[1])]); print('bumped')"
)


def bump_in_another_process(site_id, tmp_path):
    environ = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",  # never opened by a bump
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": "portal-test-chrome",
    }
    result = subprocess.run(
        [sys.executable, "-c", BUMP, str(site_id)],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "bumped"


@override_settings(CACHES=SHARED)
def test_a_bump_in_another_process_reaches_this_one_for_that_site_only(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"name": "Sở GDĐT"}

    site_key, other_key = sitecache.site_key("probe", 910001), sitecache.site_key("probe", 910002)
    assert sitecache.site_key("probe", 910001) == site_key  # stable while nothing changes
    for _ in range(2):
        assert sitecache.read_through("probe", site_id=910001, build=build) == {"name": "Sở GDĐT"}
    assert calls == [1]  # built once, then read from Redis
    bump_in_another_process(910001, tmp_path)
    assert sitecache.site_key("probe", 910001) != site_key
    assert sitecache.site_key("probe", 910002) == other_key
    sitecache.read_through("probe", site_id=910001, build=build)
    assert calls == [1, 1]  # read afresh after the other process's change


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    from django.core.cache import caches

    with override_settings(CACHES=SHARED):
        caches["default"].clear()
    yield
