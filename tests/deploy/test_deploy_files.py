"""The deployment files agree with the code: variables documented, commands real, logs private."""

import datetime
import importlib.util
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.deploy.test_production_settings import GOOD_KEY, production_env, settings_variables

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
ENV_EXAMPLE = (DEPLOY / "portal.env.example").read_text()
README = (DEPLOY / "README.md").read_text()
NGINX = (DEPLOY / "nginx" / "portal.conf").read_text()
SCRIPTS = sorted(DEPLOY.glob("*.sh"))


def gunicorn_variables():
    return set(re.findall(r"\"((?:GUNICORN|FORWARDED)_[A-Z_]+)\"", GUNICORN_CONF.read_text()))


def backup_variables():
    source = (DEPLOY / "backup.sh").read_text()
    return set(re.findall(r"\$\{(BACKUP_[A-Z_]+):-", source))


def documented_in_env_example(name):
    return re.search(rf"^#? ?{name}=", ENV_EXAMPLE, re.MULTILINE) is not None


def documented_in_readme_table(name):
    return re.search(rf"^\| [^|]*`{name}`", README, re.MULTILINE) is not None


def test_every_variable_is_in_the_env_example_and_the_readme_table():
    names = settings_variables() | gunicorn_variables() | backup_variables()
    names |= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # read by boto3 itself
    assert len(names) > 40
    assert sorted(n for n in names if not documented_in_env_example(n)) == []
    assert sorted(n for n in names if not documented_in_readme_table(n)) == []


def test_the_env_example_placeholder_key_is_refused_by_production():
    key = re.search(r"^SECRET_KEY=(.*)$", ENV_EXAMPLE, re.MULTILINE).group(1)
    assert len(key) < 50  # so a forgotten placeholder cannot start the portal


def load_gunicorn_conf(monkeypatch, **environ):
    for name in gunicorn_variables() | {"RUNTIME_DIRECTORY"}:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_defaults(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == conf["default_workers"](len(os.sched_getaffinity(0)))
    assert conf["timeout"] == 60
    assert conf["max_requests"] == 1000
    assert conf["max_requests_jitter"] == 100
    assert conf["wsgi_app"] == "portal.wsgi:application"
    assert conf["control_socket_disable"] is True


@pytest.mark.parametrize(("cpus", "workers"), [(1, 3), (2, 5), (4, 9), (32, 12)])
def test_gunicorn_worker_default_follows_the_cpu_count_within_bounds(monkeypatch, cpus, workers):
    assert load_gunicorn_conf(monkeypatch)["default_workers"](cpus) == workers


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    conf = load_gunicorn_conf(
        monkeypatch,
        GUNICORN_BIND="unix:/run/portal/gunicorn.sock",
        GUNICORN_WORKERS="7",
        GUNICORN_TIMEOUT="90",
        RUNTIME_DIRECTORY="/run/portal",
    )
    assert conf["bind"] == ["unix:/run/portal/gunicorn.sock"]
    assert conf["workers"] == 7
    assert conf["timeout"] == 90
    assert conf["control_socket"] == "/run/portal/gunicorn.ctl"


def test_gunicorn_refuses_a_malformed_number(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS"):
        load_gunicorn_conf(monkeypatch, GUNICORN_WORKERS="many")


def test_gunicorn_access_log_has_the_path_but_no_query_string_or_referer(monkeypatch, tmp_path):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = load_gunicorn_conf(monkeypatch)
    config = Config()
    config.set("access_log_format", conf["access_log_format"])
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/tra-cuu/?ma=HS-2025-000123&ngay_sinh=2010-05-01",
        "PATH_INFO": "/tra-cuu/",
        "QUERY_STRING": "ma=HS-2025-000123&ngay_sinh=2010-05-01",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://sogd.example.edu.vn/?so_dien_thoai=0905123456",
    }
    headers = [("REFERER", environ["HTTP_REFERER"]), ("USER-AGENT", "test")]
    request = SimpleNamespace(headers=headers)
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=42))
    for handler in logger.access_log.handlers:
        handler.flush()

    line = (tmp_path / "access.log").read_text()
    assert '"GET /tra-cuu/" 200 512 42ms' in line
    for secret in ("HS-2025-000123", "2010-05-01", "0905123456", "ma=", "?"):
        assert secret not in line


def test_publish_scheduled_runs_every_minute_with_a_real_wagtail_command():
    service = (DEPLOY / "systemd" / "portal-publish-scheduled.service").read_text()
    timer = (DEPLOY / "systemd" / "portal-publish-scheduled.timer").read_text()
    command = re.search(r"^ExecStart=.* manage\.py (\S+)$", service, re.MULTILINE).group(1)
    assert command == "publish_scheduled"
    assert importlib.util.find_spec(f"wagtail.management.commands.{command}")
    assert re.search(r"^OnCalendar=\*-\*-\* \*:\*:00$", timer, re.MULTILINE)
    assert "Unit=portal-publish-scheduled.service" in timer


@pytest.mark.parametrize("unit", ["portal.service", "portal-publish-scheduled.service"])
def test_units_use_the_env_file_and_production_settings(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    assert "EnvironmentFile=/etc/portal/portal.env" in text
    assert "Environment=DJANGO_SETTINGS_MODULE=portal.settings.production" in text
    assert "User=portal" in text


def test_the_service_starts_gunicorn_with_this_config():
    text = (DEPLOY / "systemd" / "portal.service").read_text()
    assert "--config /srv/portal/app/deploy/gunicorn.conf.py" in text


def test_nginx_serves_the_portal_and_every_school_subsite_without_logging_queries():
    assert "server_name sogd.example.edu.vn *.sogd.example.edu.vn;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX
    assert "location ^~ /media/documents/" in NGINX
    log_format = re.search(r"log_format portal_paths (.*?);", NGINX, re.DOTALL).group(1)
    assert "$uri" in log_format
    for leak in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "referer"):
        assert leak not in log_format
    access_logs = re.findall(r"^\s*access_log (\S+)(?: (\S+))?;", NGINX, re.MULTILINE)
    assert all(path == "off" or fmt == "portal_paths" for path, fmt in access_logs)


def test_nginx_accepts_the_configuration(tmp_path):
    # make test-system-deps installs Debian's nginx-light; without it this test fails.
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx is not installed"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=sogd.example.edu.vn", "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    config = (
        NGINX.replace("/etc/letsencrypt/live/sogd.example.edu.vn/fullchain.pem", "cert.pem")
        .replace("/etc/letsencrypt/live/sogd.example.edu.vn/privkey.pem", "key.pem")
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "portal.conf").write_text(config)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/portal.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_shell_scripts_are_strict_and_parse(script):
    text = script.read_text()
    if script.name != "lib.sh":
        assert text.startswith("#!/usr/bin/env bash\n")
        assert "set -euo pipefail" in text
        assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_scripts_read_the_env_file_like_systemd_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "portal.env"
    env_file.write_text(
        "# comment\n"
        "\n"
        f"SECRET_KEY={GOOD_KEY}\n"
        "ALLOWED_HOSTS=sogd.example.edu.vn\n"
        "PORTAL_NAME=Sở Giáo dục và Đào tạo $HOME & `id`\n"
        'DEFAULT_FROM_EMAIL="quoted@example.vn"\n'
        "EMAIL_HOST=from-the-file.example.vn\n"
    )
    environ = production_env(
        tmp_path, PORTAL_ENV_FILE=str(env_file), EMAIL_HOST="from-the-environment.example.vn"
    )
    result = subprocess.run(
        [
            "bash",
            str(DEPLOY / "manage.sh"),
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.WAGTAIL_SITE_NAME, s.DEFAULT_FROM_EMAIL, s.EMAIL_HOST, sep='|')",
        ],
        env={**environ, "PORTAL_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "Sở Giáo dục và Đào tạo $HOME & `id`|quoted@example.vn|from-the-environment.example.vn"
    )


def release(tmp_path, **overrides):
    return subprocess.run(
        ["bash", str(DEPLOY / "release.sh")],
        env={
            **production_env(tmp_path, PORTAL_ENV_FILE="", PORTAL_PYTHON=sys.executable),
            **overrides,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_release_step_checks_migrates_and_collects_static(tmp_path):
    result = release(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="sogd.example.edu.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    steps = re.findall(r"^\+ manage\.py (\w+)", result.stdout, re.MULTILINE)
    assert steps == ["check", "migrate", "collectstatic"]
    assert (tmp_path / "production.sqlite3").exists()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static").rglob("main.*.css.gz"))


def test_release_step_stops_before_the_database_when_insecure(tmp_path):
    result = release(tmp_path, SECRET_KEY="too-short", ALLOWED_HOSTS="sogd.example.edu.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "production.sqlite3").exists()


def test_the_search_mirror_check_runs_every_quarter_hour_with_our_command():
    service = (DEPLOY / "systemd" / "portal-search-mirror.service").read_text()
    timer = (DEPLOY / "systemd" / "portal-search-mirror.timer").read_text()
    command = re.search(r"^ExecStart=.* manage\.py (\S+)$", service, re.MULTILINE).group(1)
    assert command == "check_search_mirror"
    assert importlib.util.find_spec(f"search.management.commands.{command}")
    assert "EnvironmentFile=/etc/portal/portal.env" in service and "User=portal" in service
    assert re.search(r"^OnCalendar=\*-\*-\* \*:00/15:00$", timer, re.MULTILINE)
    assert "Unit=portal-search-mirror.service" in timer
