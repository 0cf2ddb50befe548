"""PostgreSQL stops under a running portal, then comes back: 503 with Retry-After, no restart.

A PostgreSQL cluster of the test's own (initdb, pg_ctl, a free port) holds a copy of the test
database; gunicorn serves the portal on it with persistent connections. The cluster is stopped
(its connections terminated) and started again during the test.
"""

import http.client
import json
import subprocess
import sys

import pytest

from tests.conftest import build_home
from tests.resilience.servers import REPO, AppServer, portal_environment, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SESSION_SCRIPT = r"""
import sys
import django
django.setup()
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.test import RequestFactory
from portal.sessions import SessionStore

store = SessionStore()
store["step"] = 1
store.create()

def view(request):
    request.session["step"] = 2  # loaded while the database is up
    print("loaded", flush=True)
    sys.stdin.readline()  # the test stops the database here
    return HttpResponse("saved")

handler = convert_exception_to_response(SessionMiddleware(view))
request = RequestFactory().post(
    "/thu-tuc/nop-truc-tuyen/buoc-3/", HTTP_ACCEPT="text/html", HTTP_HOST="localhost"
)
request.COOKIES["sessionid"] = store.session_key
response = handler(request)
print(response.status_code, response.get("Retry-After"), flush=True)
print(response.content.decode(), flush=True)
"""


CSRF = "a" * 32  # a browser's CSRF cookie and the same token in its form


def request(port, path, *, method="GET", accept="text/html", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Host": "localhost", "Accept": accept, "Cookie": f"csrftoken={CSRF}"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def test_an_outage_answers_503_and_the_portal_recovers_by_itself(cluster, tmp_path):
    build_home()  # committed: the copy has the department's home page
    app = AppServer(portal_environment(cluster, tmp_path), workers=1, threads=2)
    app.start()
    try:
        status, _, html = request(app.port, "/")
        assert status == 200, app.output()
        assert request(app.port, "/healthz", accept="application/json")[0] == 200

        cluster.stop("fast")  # every connection terminated, nothing listens
        status, headers, html = request(app.port, "/")
        assert status == 503, html[:500]
        assert headers["Retry-After"] == "10"
        assert "Cổng thông tin tạm thời gián đoạn" in html
        assert 'http-equiv="refresh" content="10"' in html

        status, headers, html = request(
            app.port,
            "/lien-he/",
            method="POST",
            body=f"csrfmiddlewaretoken={CSRF}&name=B%C3%ACnh&message=xin+ch%C3%A0o",
        )
        assert status == 503 and headers["Retry-After"] == "10"
        assert "chưa được lưu" in html and "http-equiv" not in html

        status, headers, body = request(app.port, "/healthz", accept="application/json")
        assert status == 503 and json.loads(body) == {"status": "unavailable", "retry_after": 10}
        status, headers, body = request(app.port, "/", accept="*/*")
        assert status == 503 and headers["Content-Type"].startswith("text/plain")

        cluster.start()
        statuses = []

        def answers():
            statuses.append(request(app.port, "/")[0])
            return statuses[-1] == 200

        wait_until(answers, timeout=10, what="the portal answering 200 again")
        assert set(statuses) <= {200, 503}, statuses  # never a 500
        assert app.process.poll() is None  # the same gunicorn: no restart
    finally:
        app.stop()
    log = app.full_output()
    app.remove_log()
    # At least five 503s and more while recovering, one log line (DATABASE_OUTAGE_LOG_INTERVAL).
    assert log.count("Service Unavailable: /") == 1, log[-5000:]


def test_a_session_lost_with_the_database_is_a_503_not_a_400(cluster, tmp_path):
    env = portal_environment(cluster, tmp_path)
    script = subprocess.Popen(
        [sys.executable, "-c", SESSION_SCRIPT],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert script.stdout.readline().strip() == "loaded", script.stderr.read()
        cluster.stop("fast")
        script.stdin.write("go\n")
        script.stdin.flush()
        output, errors = script.communicate(timeout=60)
    finally:
        if script.poll() is None:
            script.kill()
    status_line = output.splitlines()[0]
    assert status_line == "503 10", output + errors
    assert "SessionInterrupted" not in errors
    assert "chưa được lưu" in output
