"""The waiting room under real concurrency: gunicorn (two processes, four threads each) with a
bound of two requests in flight per process, the queue in a real Redis, and 16 clients at once.

People (browsers: text/html, cookies kept, following the waiting page's refresh) see the
waiting page and get in, in order of arrival; scripts see 429 with Retry-After; a visitor who
was already inside (a parent who had opened a form) is never shed; nothing answers 5xx.
"""

import http.client
import threading
import time
from http.cookies import SimpleCookie

import pytest
from django.core import signing

from portal import waitingroom
from portal.factories import ContactPageFactory, add_default_contact_fields
from tests.conftest import build_home
from tests.resilience.servers import AppServer, portal_environment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
PEOPLE, SCRIPTS, DEADLINE = 12, 4, 10.0


class Browser:
    def __init__(self, port, accept=HTML):
        self.port = port
        self.accept = accept
        self.cookies = {}

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": "localhost", "Accept": self.accept}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders())
        finally:
            conn.close()


def test_over_capacity_people_wait_in_order_scripts_get_429_and_nobody_gets_5xx(
    redis_server, cluster, tmp_path
):
    home = build_home()
    contact = add_default_contact_fields(ContactPageFactory(parent=home, slug="lien-he"))
    env = portal_environment(
        cluster,
        tmp_path,
        REDIS_URL=redis_server.url,
        WAITING_ROOM_ENABLED="true",
        WAITING_ROOM_MAX_IN_FLIGHT="2",
        WAITING_ROOM_MAX_QUEUE_MS="0",
        WAITING_ROOM_REFRESH_SECONDS="3",
        WAITING_ROOM_CALM_SECONDS="2",
    )
    app = AppServer(env, workers=2, threads=4)
    app.start()
    try:
        statuses, first_waits, admitted_after_wait, lock = [], [], [], threading.Lock()
        script_answers, inside_answers = [], []
        # A parent who opened the contact form before the rush: its CSRF cookie came with an
        # admission cookie.
        parent = Browser(app.port)
        status, _ = parent.get(contact.url)
        assert status == 200, app.output()
        assert waitingroom.ADMISSION_COOKIE in parent.cookies
        start = threading.Barrier(PEOPLE + SCRIPTS + 1)
        stop_at = []

        def person():
            browser = Browser(app.port)
            start.wait()
            waited = False
            while time.monotonic() < stop_at[0]:
                status, headers = browser.get("/")
                with lock:
                    statuses.append(status)
                if "X-Waiting-Room" in headers:
                    if not waited:
                        ticket = signing.loads(
                            browser.cookies[waitingroom.TICKET_COOKIE],
                            salt=waitingroom.TICKET_SALT,
                        )
                        with lock:
                            first_waits.append((ticket["t"], ticket["n"]))
                    waited = True
                    time.sleep(min(float(headers["Retry-After"]), 0.3))
                    continue
                if waited:
                    with lock:
                        admitted_after_wait.append(browser)
                return

        def script():
            browser = Browser(app.port, accept="*/*")
            start.wait()
            for _ in range(10):
                status, headers = browser.get("/")
                with lock:
                    statuses.append(status)
                    script_answers.append((status, headers.get("Retry-After")))

        threads = [threading.Thread(target=person) for _ in range(PEOPLE)]
        threads += [threading.Thread(target=script) for _ in range(SCRIPTS)]
        for thread in threads:
            thread.start()
        stop_at.append(time.monotonic() + DEADLINE)
        start.wait()
        for _ in range(10):  # the parent carries on through the rush
            inside_answers.append(parent.get(contact.url))
        for thread in threads:
            thread.join(timeout=DEADLINE + 30)

        assert statuses and all(status < 500 for status in statuses), sorted(set(statuses))
        assert len(first_waits) >= 3, "people saw the waiting page"
        assert any(status == 429 for status, _ in script_answers)
        assert all(int(after) > 0 for status, after in script_answers if status == 429)
        assert all(
            status == 200 and "X-Waiting-Room" not in headers for status, headers in inside_answers
        )
        # Everyone who waited got in before the deadline.
        assert len(admitted_after_wait) == len(first_waits), (
            len(admitted_after_wait),
            len(first_waits),
        )
        # Queue numbers follow arrival: a number drawn later never carries an earlier time
        # (within 0.25 s of thread scheduling between drawing the number and reading the clock).
        first_waits.sort(key=lambda wait: wait[1])
        inversions = [
            (a, b)
            for i, a in enumerate(first_waits)
            for b in first_waits[i + 1 :]
            if a[0] - b[0] > 0.25
        ]
        assert not inversions, inversions
        # Once inside, a person stays inside however busy the site is.
        for browser in admitted_after_wait[:3]:
            status, headers = browser.get("/")
            assert status == 200 and "X-Waiting-Room" not in headers
    finally:
        app.stop()
    log = app.full_output()
    app.remove_log()
    assert "Traceback" not in log, log[-5000:]
