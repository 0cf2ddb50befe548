"""Staff sign-in: lockout per account and per address, its expiry, the idle timeout, the
admin host restriction, the password policy and the audit log (portal/accounts.py)."""

import time

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("truong-phong", password="Mat-khau-dung-2026")


def sign_in(client, password, username="truong-phong", address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_the_right_password_is_refused_once_the_account_is_locked(client, staff, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    for _ in range(5):
        assert sign_in(client, "sai").status_code == 200  # the form again, with its error
    response = sign_in(client, "Mat-khau-dung-2026")
    assert not signed_in(client)
    assert "LOCKED" not in response.content.decode()
    # ...from another address too: the lock is on the account.
    other = Client()
    sign_in(other, "Mat-khau-dung-2026", address="198.51.100.7")
    assert not signed_in(other)


def test_the_lock_expires(client, staff, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_SECONDS = 1
    sign_in(client, "sai")
    sign_in(client, "sai")
    sign_in(client, "Mat-khau-dung-2026")
    assert not signed_in(client)
    time.sleep(1.2)
    sign_in(client, "Mat-khau-dung-2026")
    assert signed_in(client)


def test_fewer_failures_than_the_limit_do_not_lock_and_success_resets(client, staff, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, "sai")
    sign_in(client, "sai")
    sign_in(client, "Mat-khau-dung-2026")
    assert signed_in(client)
    client.logout()
    sign_in(client, "sai")
    sign_in(client, "sai")
    sign_in(client, "Mat-khau-dung-2026")
    assert signed_in(client)  # the count started again after the success


def test_one_address_trying_many_accounts_is_locked(client, staff, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for number in range(4):
        sign_in(client, "sai", username=f"khong-co-{number}")
    sign_in(client, "Mat-khau-dung-2026")
    assert not signed_in(client)
    other = Client()
    sign_in(other, "Mat-khau-dung-2026", address="198.51.100.7")
    assert signed_in(other)


def test_the_locked_form_says_why(client, staff, settings):

    settings.LOGIN_FAILURE_LIMIT = 1
    sign_in(client, "sai")
    html = sign_in(client, "Mat-khau-dung-2026").content.decode()
    from portal.accounts import LOCKED_MESSAGE

    assert str(LOCKED_MESSAGE).split("%(")[0].strip() in html
    assert "15" in html  # minutes


def test_an_idle_admin_session_is_signed_out(client, staff, settings):
    settings.ADMIN_IDLE_TIMEOUT = 1800
    sign_in(client, "Mat-khau-dung-2026")
    assert signed_in(client)
    session = client.session
    session["admin_last_seen"] = int(time.time()) - 1801
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert not signed_in(client)


def test_an_active_session_stays_until_its_maximum_age(client, staff, settings):
    settings.ADMIN_SESSION_MAX_AGE = 3600
    client.post(
        LOGIN,
        {"username": "truong-phong", "password": "Mat-khau-dung-2026", "remember": "on"},
    )
    session = client.session
    session["admin_last_seen"] = int(time.time()) - 600
    session.save()
    assert signed_in(client)
    session = client.session
    session["admin_signed_in_at"] = int(time.time()) - 3601
    session.save()
    assert client.get("/admin/pages/").status_code == 302
    assert not signed_in(client)


def test_the_admin_answers_only_on_its_hosts(client, staff, settings):
    settings.ADMIN_HOSTS = ["sogd.example.vn"]
    assert client.get(LOGIN, HTTP_HOST="thcs-a.sogd.example.vn").status_code == 404
    assert client.get(LOGIN, HTTP_HOST="sogd.example.vn").status_code == 200
    assert client.get("/", HTTP_HOST="thcs-a.sogd.example.vn").status_code != 500


def test_passwords_follow_the_policy():
    for weak in ("12345678901234", "password1234", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Mat-khau-dung-2026")


def test_sign_ins_and_failures_are_audited(client, staff, caplog):
    with caplog.at_level("INFO", logger="portal.security"):
        sign_in(client, "sai")
        sign_in(client, "Mat-khau-dung-2026")
    lines = [record.getMessage() for record in caplog.records if record.name == "portal.security"]
    assert any("sign-in failed" in line and "truong-phong" in line for line in lines)
    assert any(line.startswith("sign-in user='truong-phong'") for line in lines)
    assert not any("sai" in line.split("user=")[0] for line in lines)
    assert not any("Mat-khau" in line for line in lines)
