"""portal.settings.production refuses an insecure configuration and sends the security headers.

Each case runs in a fresh interpreter, because settings are read once per process and the
rest of the suite runs under portal.settings.test.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_DIR = BASE_DIR / "portal" / "settings"
GOOD_KEY = "k7#Qv2p!Zr9xW4m@Lc8nT1b$Hf6yJd3sAe5gRu0iOo-_Xq+PzNwVlKj"  # 56 chars, 50+ unique
HOSTS = "sogd.example.edu.vn,.sogd.example.edu.vn"


def settings_variables():
    """Every variable name the settings modules read through ``env``."""
    source = "\n".join(path.read_text() for path in SETTINGS_DIR.glob("*.py"))
    return set(re.findall(r"env\.(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", source))


def production_env(tmp_path, **overrides):
    """The caller's environment without any variable the settings read, plus ``overrides``."""
    environ = {k: v for k, v in os.environ.items() if k not in settings_variables()}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    environ.update(overrides)
    return {k: v for k, v in environ.items() if v is not None}


def check_deploy(tmp_path, **overrides):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_variable_list_is_found():
    # Guards the regular expression used above against silently matching nothing.
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= settings_variables()


def test_passes_check_deploy_with_no_warnings_when_configured(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOSTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("case", "secret_key"),
    [
        ("missing", None),
        ("empty", ""),
        ("short", "a-short-but-otherwise-random-key-Xy7"),
        ("django-insecure prefix", "django-insecure-" + GOOD_KEY),
    ],
)
def test_refuses_to_start_without_a_proper_secret_key(tmp_path, case, secret_key):
    result = check_deploy(tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS=HOSTS)
    assert result.returncode != 0, case
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_a_long_but_low_entropy_key_fails_the_deploy_check(tmp_path):
    # Long enough for the settings module, but Django's security.W009 catches it and
    # --fail-level WARNING turns that into a failed release step.
    result = check_deploy(tmp_path, SECRET_KEY="ab" * 30, ALLOWED_HOSTS=HOSTS)
    assert result.returncode != 0
    assert "security.W009" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("name", ["SMS_GATEWAY_URL", "VNPAY_PAYMENT_URL"])
def test_gateways_must_be_reached_over_https(tmp_path, name):
    result = check_deploy(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="sogd.example.vn", **{name: "http://gw.vn/x"}
    )
    assert result.returncode != 0
    assert f"{name} must be an https:// address" in result.stderr


@pytest.mark.parametrize(
    ("case", "hosts"),
    [("missing", None), ("empty", ""), ("only commas", " , "), ("star", "*"), ("star", "a.vn,*")],
)
def test_refuses_to_start_without_explicit_allowed_hosts(tmp_path, case, hosts):
    result = check_deploy(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=hosts)
    assert result.returncode != 0, case
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


REQUEST_SCRIPT = """
import json

import django
from django.core.management import call_command

django.setup()
call_command("migrate", interactive=False, verbosity=0)

from django.test import Client

HOST = "sogd.example.edu.vn"


def describe(response):
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "headers": {name.lower(): value for name, value in response.headers.items()},
    }


client = Client()
print(json.dumps({
    "https": describe(client.get("/healthz", secure=True, HTTP_HOST=HOST)),
    "school_https": describe(client.get("/healthz", secure=True, HTTP_HOST="thpt-a." + HOST)),
    "forwarded_https": describe(
        client.get("/healthz", HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    ),
    "plain_http_page": describe(client.get("/gioi-thieu/?q=1", HTTP_HOST=HOST)),
    "plain_http_healthz": describe(client.get("/healthz", HTTP_HOST=HOST)),
    "unknown_host": describe(client.get("/healthz", secure=True, HTTP_HOST="evil.example")),
}))
"""


@pytest.fixture(scope="module")
def responses(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production-request")
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT],
        cwd=BASE_DIR,
        env=production_env(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOSTS),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["https", "school_https", "forwarded_https"])
def test_https_response_carries_the_security_headers(responses, name):
    response = responses[name]
    assert response["status"] == 200
    headers = response["headers"]
    hsts = headers["strict-transport-security"]
    assert re.search(r"max-age=(\d+)", hsts).group(1) == "31536000"
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(responses):
    response = responses["plain_http_page"]
    assert response["status"] == 301
    assert response["location"] == "https://sogd.example.edu.vn/gioi-thieu/?q=1"


def test_health_check_answers_plain_http_for_the_load_balancer(responses):
    response = responses["plain_http_healthz"]
    assert response["status"] == 200
    # HSTS is only ever sent over HTTPS.
    assert "strict-transport-security" not in response["headers"]


def test_a_host_not_in_allowed_hosts_is_refused(responses):
    assert responses["unknown_host"]["status"] == 400


def database_settings(tmp_path, **overrides):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'],"
        " s.DISABLE_SERVER_SIDE_CURSORS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=production_env(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOSTS, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_persistent_checked_connections_by_default_and_the_variables_override(tmp_path):
    assert database_settings(tmp_path) == [60, True, False]
    assert database_settings(tmp_path, DATABASE_CONN_MAX_AGE="0") == [0, True, False]
    pooled = database_settings(tmp_path, DATABASE_TRANSACTION_POOLING="true")
    assert pooled == [60, True, True]
