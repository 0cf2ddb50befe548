"""The waiting room's rule and answers, in process (the concurrent test is test_waiting_room_live).

Capacity is made "over" with the queue-time signal: a request that says (X-Request-Start, as
nginx sets it) it waited five seconds for a worker, against WAITING_ROOM_MAX_QUEUE_MS=1000.
"""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client, override_settings

from portal import waitingroom

ON = {
    "WAITING_ROOM_ENABLED": True,
    "WAITING_ROOM_MAX_QUEUE_MS": 1000,
    "WAITING_ROOM_MAX_IN_FLIGHT": 0,
    "WAITING_ROOM_ADMIT_RATE": 0,
    "WAITING_ROOM_CALM_SECONDS": 30,
    "WAITING_ROOM_REFRESH_SECONDS": 15,
}
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_state():
    cache.clear()
    yield
    cache.clear()


def busy():
    return {"HTTP_X_REQUEST_START": f"t={time.time() - 5:.3f}"}


def ticket_of(response):
    return signing.loads(
        response.cookies[waitingroom.TICKET_COOKIE].value, salt=waitingroom.TICKET_SALT
    )


def test_off_by_default_in_tests(client, home):
    for _ in range(3):
        assert client.get("/", HTTP_ACCEPT=HTML, **busy()).status_code == 200


@override_settings(**ON)
def test_calm_site_lets_people_in_without_a_cookie(client, home):
    response = client.get("/", HTTP_ACCEPT=HTML)
    assert response.status_code == 200
    assert waitingroom.ADMISSION_COOKIE not in response.cookies  # ordinary pages stay cacheable


@override_settings(**ON)
def test_over_capacity_people_queue_in_order_of_arrival(home, django_assert_num_queries):
    numbers, positions = [], []
    for _ in range(3):
        with django_assert_num_queries(0):  # a shed request costs no database query
            response = Client().get("/nop-ho-so/", HTTP_ACCEPT=HTML, **busy())
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert int(response["Retry-After"]) >= 3
        html = response.content.decode()
        assert "Hiện có rất nhiều người đang truy cập cổng thông tin" in html
        assert '<meta http-equiv="refresh" content="15">' in html
        assert "không ảnh hưởng đến kết quả" in html  # early gives no advantage
        assert "Chưa ước tính được" in html  # nobody let in yet: no invented estimate
        ticket = ticket_of(response)
        numbers.append(ticket["n"])
        positions.append(int(response["X-Waiting-Room"]))
        assert abs(ticket["t"] - time.time()) < 5
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    assert positions == [1, 2, 3]


@override_settings(**ON)
def test_scripts_get_429_with_retry_after(home):
    text = Client().get("/", HTTP_ACCEPT="*/*", **busy())
    assert text.status_code == 429 and int(text["Retry-After"]) > 0
    assert text["Content-Type"].startswith("text/plain")
    api = Client().get("/", HTTP_ACCEPT="application/json", **busy())
    assert api.status_code == 429 and api.json()["status"] == "busy"


@override_settings(**ON)
def test_whoever_is_inside_keeps_going_and_the_queue_moves_when_there_is_room(home):
    inside = Client()
    first = inside.get("/", HTTP_ACCEPT=HTML, HTTP_X_REQUEST_START=f"t={time.time():.3f}")
    assert first.status_code == 200
    waiting = Client()
    shed = waiting.get("/", HTTP_ACCEPT=HTML, **busy())
    assert waitingroom.TICKET_COOKIE in shed.cookies
    # The room is now active: a visitor let in is given the admission cookie, and keeps going
    # however busy the site is, GET or POST.
    newcomer = Client()
    assert newcomer.get("/", HTTP_ACCEPT=HTML, **busy()).status_code == 200  # shed: ticket 2
    assert "portal_queue" in newcomer.cookies
    second = waiting.get("/", HTTP_ACCEPT=HTML)  # room now: number 1 comes in
    assert second.status_code == 200 and "X-Waiting-Room" not in second
    assert waitingroom.ADMISSION_COOKIE in second.cookies
    for _ in range(3):
        again = waiting.get("/", HTTP_ACCEPT=HTML, **busy())
        assert again.status_code == 200 and "X-Waiting-Room" not in again


@override_settings(**ON)
def test_a_shed_post_is_not_lost(home):
    response = Client().post(
        "/thu-tuc/nop-truc-tuyen/buoc-1/",
        {"name": "Trần Thị Bình", "phone": "0905123456", "csrfmiddlewaretoken": "abc"},
        HTTP_ACCEPT=HTML,
        **busy(),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nội dung bạn gửi chưa được tiếp nhận." in html
    assert 'action="/thu-tuc/nop-truc-tuyen/buoc-1/"' in html
    assert '<input type="hidden" name="name" value="Trần Thị Bình">' in html
    assert '<input type="hidden" name="phone" value="0905123456">' in html
    assert "http-equiv" not in html  # a reload would lose the form
    assert "Gửi lại" in html


@override_settings(**{**ON, "WAITING_ROOM_CALM_SECONDS": 1})
def test_calm_again_lets_everyone_in_and_the_estimate_uses_the_measured_rate(home):
    clients = [Client() for _ in range(4)]
    for visitor in clients:
        visitor.get("/", HTTP_ACCEPT=HTML, **busy())
    # Two requests that find room let numbers 1 and 2 in: a rate is measured.
    for visitor in clients[:2]:
        assert visitor.get("/", HTTP_ACCEPT=HTML).status_code == 200
    time.sleep(1.05)  # the admissions fall into the measured past seconds
    fourth = clients[3].get("/", HTTP_ACCEPT=HTML, **busy())
    html = fourth.content.decode()
    assert fourth["X-Waiting-Room"] == "2"  # numbers 3 and 4 are left
    assert "người được vào mỗi phút" in html and "Khoảng 1 phút" in html
    time.sleep(1.1)  # nobody over capacity for WAITING_ROOM_CALM_SECONDS
    assert clients[3].get("/", HTTP_ACCEPT=HTML).status_code == 200
    assert "X-Waiting-Room" not in clients[2].get("/", HTTP_ACCEPT=HTML)


@override_settings(**ON)
def test_exempt_paths_are_never_shed(home):
    assert Client().get("/healthz", **busy()).status_code == 200
    assert Client().get("/robots.txt", HTTP_ACCEPT="*/*", **busy()).status_code == 200


@override_settings(**ON)
def test_a_forged_ticket_or_admission_is_ignored(home):
    visitor = Client()
    visitor.cookies[waitingroom.ADMISSION_COOKIE] = "1700000000"
    visitor.cookies[waitingroom.TICKET_COOKIE] = signing.dumps({"n": 0, "t": 0}, salt="other")
    response = visitor.get("/", HTTP_ACCEPT=HTML, **busy())
    assert response["X-Waiting-Room"] == "1"
