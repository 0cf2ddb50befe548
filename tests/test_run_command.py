"""Smoke test of the run command (`make run`) on SQLite: migrate, load the demo, serve.

Everything runs in subprocesses with the development settings, as a person trying the portal
would run it, against a database and media folder in a temporary directory.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
ORGANISATION = "Sở Giáo dục và Đào tạo"
COMMAND_TIMEOUT = 180
SERVER_START_TIMEOUT = 30


@pytest.fixture
def run_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DEBUG", "ALLOWED_HOSTS"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEMO_CREDENTIALS_FILE=str(tmp_path / "demo-credentials"),
        PYTHONUNBUFFERED="1",
    )
    return env


def run(env, command, label):
    result = subprocess.run(
        command,
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    assert result.returncode == 0, f"{label} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage(env, *args):
    return run(env, [sys.executable, "manage.py", *args], f"manage.py {' '.join(args)}")


def load_demo(env):
    # DEMO_CREDENTIALS_FILE keeps the developer's own .demo-credentials untouched.
    return manage(env, "load_demo")


def page_count(env):
    output = manage(
        env, "shell", "-c", "from wagtail.models import Page; print('PAGES', Page.objects.count())"
    )
    return int(re.search(r"PAGES (\d+)", output).group(1))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get_content_type(), response.read().decode()


def fetch_bytes(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get_content_type(), response.read()


def dev_debug(env):
    """settings.DEBUG as portal.settings.dev reads it from the environment."""
    output = run(
        env,
        [sys.executable, "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)"],
        "reading DEBUG",
    )
    return re.search(r"DEBUG (\w+)", output).group(1)


def test_debug_pages_only_when_a_developer_asks(run_env):
    assert dev_debug(run_env) == "False"
    assert dev_debug({**run_env, "DEBUG": "true"}) == "True"


def wait_for_server(base_url, server, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"runserver exited early:\n{log_path.read_text()}")
        try:
            if fetch(f"{base_url}/healthz")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(
        f"runserver did not answer within {SERVER_START_TIMEOUT} s:\n{log_path.read_text()}"
    )


def test_run_command_migrates_loads_the_demo_once_and_serves_it(run_env, tmp_path):
    manage(run_env, "migrate", "--noinput")

    first = load_demo(run_env)
    assert "Đã nạp nội dung mẫu." in first
    assert "/admin/" in first
    assert "Tài khoản: admin" in first
    password = re.search(r"Mật khẩu:\s+(\S+)", first).group(1)
    assert Path(run_env["DEMO_CREDENTIALS_FILE"]).read_text().strip() == password
    pages = page_count(run_env)
    assert pages > 2

    second = load_demo(run_env)
    assert "Nội dung mẫu đã có sẵn" in second
    assert "Tài khoản: admin" in second
    assert re.search(r"Mật khẩu:\s+(\S+)", second).group(1) == password
    assert page_count(run_env) == pages

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "runserver.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=run_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_server(base_url, server, log_path)

        status, content_type, home = fetch(f"{base_url}/")
        assert (status, content_type) == (200, "text/html")
        assert ORGANISATION in home

        status, _, news = fetch(f"{base_url}/tin-tuc/")
        assert status == 200
        article_path = re.search(r'class="card__title"><a href="(/tin-tuc/[^"]+/)"', news).group(1)
        status, _, article = fetch(f"{base_url}{article_path}")
        assert status == 200
        assert 'class="article' in article

        # Uploaded images are served by the development server, DEBUG or not.
        image_path = re.search(r'src="(/media/[^"]+)"', article).group(1)
        status, content_type, _ = fetch_bytes(f"{base_url}{image_path}")
        assert (status, content_type.split("/")[0]) == (200, "image")

        # A visitor trying the portal sees the Vietnamese 404, not Django's debug page.
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(f"{base_url}/khong-co-trang-nay/")
        assert missing.value.code == 404
        not_found = missing.value.read().decode()
        assert "Không tìm thấy trang" in not_found
        assert "URLconf" not in not_found and "DEBUG = True" not in not_found

        status, _, contact = fetch(f"{base_url}/lien-he/")
        assert status == 200
        assert 'name="form_token"' in contact

        status, content_type, sitemap = fetch(f"{base_url}/sitemap.xml")
        assert (status, content_type) == (200, "application/xml")
        assert f"{article_path}</loc>" in sitemap

        status, content_type, robots = fetch(f"{base_url}/robots.txt")
        assert (status, content_type) == (200, "text/plain")
        assert "Sitemap:" in robots

        status, content_type, feed = fetch(f"{base_url}/tin-tuc/rss/")
        assert status == 200
        assert content_type in {"application/rss+xml", "application/xml", "text/xml"}
        assert "<rss" in feed
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
