"""deploy/nginx sheds load and hides a dead upstream: a real nginx with the deploy configuration.

Gunicorn is not running (the upstream's port is free): every request gets the static Vietnamese
503 page with Retry-After, never nginx's 502/504 page. A client over the per-address request
rate gets 429 with Retry-After and its own page.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = (DEPLOY / "nginx" / "portal.conf").read_text()
HOST = "sogd.example.edu.vn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(tmp_path):
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx is not installed"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         f"/CN={HOST}", "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    https, http_port, dead = free_port(), free_port(), free_port()
    config = (
        NGINX.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", "cert.pem")
        .replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", "key.pem")
        .replace("/var/log/nginx/", f"{tmp_path}/")
        .replace("/srv/portal/app/deploy/", f"{DEPLOY}/")
        .replace("server 127.0.0.1:8000", f"server 127.0.0.1:{dead}")
        .replace("listen 443 ssl", f"listen 127.0.0.1:{https} ssl")
        .replace("listen 80", f"listen 127.0.0.1:{http_port}")
    )
    config = "\n".join(line for line in config.splitlines() if "listen [::]" not in line)
    (tmp_path / "portal.conf").write_text(config)
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; daemon off;\n"
        "worker_processes 1; events {}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/portal.conf; }}\n"
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", https), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.05)
    yield https
    process.terminate()
    process.wait(timeout=10)


def connect(port):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(HOST, port, context=context, timeout=10)
    conn._create_connection = lambda address, *args, **kwargs: socket.create_connection(
        ("127.0.0.1", port), *args, **kwargs
    )
    return conn


def get(port, path="/", conn=None):
    own = conn is None
    conn = conn or connect(port)
    try:
        conn.request("GET", path, headers={"Accept": "text/html"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        if own:
            conn.close()


def test_a_dead_upstream_is_a_503_page_with_retry_after_never_a_502(nginx):
    status, headers, html = get(nginx, "/tin-tuc/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["Cache-Control"] == "no-store"
    assert "Cổng thông tin tạm thời gián đoạn" in html
    assert "502" not in html and "nginx" not in html


def test_a_client_over_the_request_rate_gets_429_with_retry_after(nginx):
    conn = connect(nginx)  # one kept-alive connection: no handshake between requests
    try:
        answers = [get(nginx, "/", conn) for _ in range(120)]
    finally:
        conn.close()
    statuses = {status for status, _, _ in answers}
    assert statuses <= {429, 503}, statuses
    limited = [(headers, html) for status, headers, html in answers if status == 429]
    assert limited, "no request was over the rate (30 a second, bursts of 60)"
    headers, html = limited[0]
    assert headers["Retry-After"] == "10"
    assert "Xin vui lòng chờ trong giây lát" in html
