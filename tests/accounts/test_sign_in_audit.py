"""The sign-in audit table: what is recorded (never a password or a code), who may read it in
the admin, its filters, and its retention."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from accounts.models import SignInEvent
from accounts.services import sign_in_event_record

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-dung-2026"
AUDIT = "/admin/nhat-ky-dang-nhap/"


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("truong-phong", password=PASSWORD)


def post_login(client, username, password, address="203.0.113.5"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_sign_ins_failures_and_lockouts_are_rows_without_the_password(client, admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    post_login(client, "truong-phong", "sai-mat-khau-1")
    post_login(client, "truong-phong", "sai-mat-khau-2")
    post_login(client, "truong-phong", PASSWORD)  # refused: locked
    cache.clear()
    post_login(client, "truong-phong", PASSWORD, address="198.51.100.7")
    client.post("/admin/logout/")
    rows = list(SignInEvent.objects.order_by("pk").values_list("kind", "username", "address"))
    assert [kind for kind, _, _ in rows] == [
        "failed",
        "failed",
        "locked",
        "refused_locked",
        "signed_in",
        "signed_out",
    ]
    assert rows[0][1:] == ("truong-phong", "203.0.113.5")
    assert rows[4][1:] == ("truong-phong", "198.51.100.7")
    assert SignInEvent.objects.filter(kind="signed_in").get().user == admin_user
    for row in SignInEvent.objects.all():
        assert "sai-mat-khau" not in f"{row.username} {row.detail}"
        assert PASSWORD not in f"{row.username} {row.detail}"


def test_odd_user_names_and_addresses_are_kept_safely(client, admin_user, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    post_login(client, "x" * 200, "sai")
    client.post(
        "/admin/login/", {"username": "c", "password": "sai"}, HTTP_X_REAL_IP="not-an-address"
    )
    first, second = SignInEvent.objects.order_by("pk")
    assert first.username == "x" * 150
    assert second.address is None
    row = sign_in_event_record(kind="failed", username="a\x00b\r\nc", address="::ffff:1.2.3.4")
    row.refresh_from_db()
    assert row.username == "abc"


def test_department_admins_list_and_filter_it_others_do_not(client, admin_user):
    sign_in_event_record(kind="failed", username="hieu-truong", address="203.0.113.1")
    old = sign_in_event_record(kind="signed_in", username="ke-toan", address="203.0.113.2")
    SignInEvent.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=40)
    )
    client.force_login(admin_user)
    listing = client.get(AUDIT)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "hieu-truong" in body and "ke-toan" in body
    by_user = client.get(AUDIT, {"username": "hieu"}).content.decode()
    assert "hieu-truong" in by_user and "ke-toan" not in by_user
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recent = client.get(AUDIT, {"timestamp_from": since}).content.decode()
    assert "ke-toan" not in recent and "hieu-truong" in recent
    by_kind = client.get(AUDIT, {"kind": "signed_in"}).content.decode()
    assert "ke-toan" in by_kind and "hieu-truong" not in by_kind
    # Read-only, even for a superuser.
    assert client.get(AUDIT + "new/").status_code in (302, 403)
    assert client.get(AUDIT + f"edit/{old.pk}/").status_code in (302, 403)
    assert client.post(AUDIT + f"delete/{old.pk}/").status_code in (302, 403)
    assert SignInEvent.objects.filter(pk=old.pk).exists()

    editor = User.objects.create_user("bien-tap", password=PASSWORD)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = type(client)()
    other.force_login(editor)
    refused = other.get(AUDIT)
    assert refused.status_code in (302, 403)
    assert "hieu-truong" not in refused.content.decode()


def test_the_purge_keeps_a_year(admin_user, settings):
    settings.SIGN_IN_AUDIT_RETENTION_DAYS = 365
    kept = sign_in_event_record(kind="signed_in", user=admin_user)
    gone = sign_in_event_record(kind="signed_in", user=admin_user)
    SignInEvent.objects.filter(pk=gone.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=366)
    )
    SignInEvent.objects.filter(pk=kept.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=364)
    )
    out = StringIO()
    call_command("purge_sign_in_events", stdout=out)
    assert list(SignInEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert out.getvalue().startswith("1 ")


def test_check_deploy_warns_when_two_factor_is_optional(settings):
    from accounts.checks import two_factor_required_check

    settings.TWO_FACTOR_REQUIRED = True
    assert two_factor_required_check(None) == []
    settings.TWO_FACTOR_REQUIRED = False
    assert [warning.id for warning in two_factor_required_check(None)] == ["staff_accounts.W001"]
