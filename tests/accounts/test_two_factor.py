"""Two-factor sign-in for staff (accounts/): who must enrol, the enrolment, the code step, its
throttle, recovery codes, the administrators' reset and the operator's command.

Codes are computed here from the device's key with RFC 6238 (HMAC-SHA1, 30-second steps, six
digits), independently of django-otp's own implementation.
"""

import hashlib
import hmac
import re
import struct
import time
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, Page

from accounts.models import SignInEvent
from accounts.services import RESET_ACTION, two_factor_reset
from sites import factories as site_factories
from tests.conftest import build_home

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-dung-2026"
ENROL = "/admin/xac-thuc-hai-buoc/thiet-lap/"
VERIFY = "/admin/xac-thuc-hai-buoc/ma-xac-thuc/"
ADMIN_PAGES = ("/admin/", "/admin/pages/", "/admin/users/", "/admin/ho-so-truc-tuyen/")


def totp(key_bytes, at=None, step=30, digits=6):
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key_bytes, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("truong-phong", password=PASSWORD)


def sign_in(client, user, address="203.0.113.5"):
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert response.status_code == 302, response.content[:300]
    return response


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_a_department_admin_without_a_device_reaches_only_enrolment(client, admin_user):
    sign_in(client, admin_user)
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL), url
    assert client.post("/admin/pages/add_subpage/1/").status_code == 403
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "<svg" in body
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    # The key in text, for those who type it: base32 in groups of four.
    typed = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", body).group(1).replace(" ", "")
    assert b32decode(typed) == device.bin_key


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(client, admin_user):
    sign_in(client, admin_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    wrong = client.post(ENROL, {"code": str((int(totp(device.bin_key)) + 1) % 10**6).zfill(6)})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302
    time.sleep(1.05)  # django-otp's own back-off after a wrong code
    response = client.post(ENROL, {"code": totp(device.bin_key), "next": "/admin/pages/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=admin_user).count() == 10
    # Verified in this session now: the admin opens.
    assert client.get("/admin/").status_code == 200
    # The codes are not shown again; the user's own page is offered from their account.
    assert 'href="/admin/xac-thuc-hai-buoc/"' in client.get("/admin/account/").content.decode()
    account = client.get("/admin/xac-thuc-hai-buoc/").content.decode()
    assert codes[0] not in account and "10" in account
    renewed = client.post("/admin/xac-thuc-hai-buoc/")
    new_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", renewed.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    kinds = list(SignInEvent.objects.filter(user=admin_user).values_list("kind", flat=True))
    assert "2fa_enrolled" in kinds and "2fa_failed" in kinds


def test_a_user_with_a_device_gives_a_valid_code_before_any_admin_page(client, admin_user):
    device = device_for(admin_user)
    sign_in(client, admin_user)
    for url in ADMIN_PAGES:
        assert client.get(url)["Location"].startswith(VERIFY), url
    response = client.post(VERIFY, {"code": totp(device.bin_key), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200
    # An outside address in next is not followed.
    client.logout()
    sign_in(client, admin_user)
    device.refresh_from_db()
    later = client.post(
        VERIFY, {"code": totp(device.bin_key, at=time.time() + 30), "next": "https://evil.test/"}
    )
    assert later["Location"] == "/admin/"


def test_a_next_address_with_a_line_break_goes_to_the_dashboard(client, admin_user):
    device = device_for(admin_user)
    sign_in(client, admin_user)
    response = client.post(
        VERIFY, {"code": totp(device.bin_key), "next": "/admin/pages/\r\nSet-Cookie: x=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_code_from_another_key_or_garbage_is_refused(client, admin_user):
    device_for(admin_user)
    sign_in(client, admin_user)
    empty = client.post(VERIFY, {})
    assert empty.status_code == 400 and empty.context["form"].has_error("code", "required")
    for code in ("000000", "abc", "１２３４５６", "12345\x00", "9" * 32):
        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 400, code
        assert "no-store" in response["Cache-Control"]
    assert client.get("/admin/").status_code == 302
    assert not SignInEvent.objects.filter(detail__contains="000000").exists()


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    device = device_for(admin_user)
    sign_in(client, admin_user)
    good = totp(device.bin_key)
    bad = str((int(good) + 1) % 10**6).zfill(6)
    assert client.post(VERIFY, {"code": bad}).status_code == 400
    assert client.post(VERIFY, {"code": bad}).status_code == 400
    locked = client.post(VERIFY, {"code": bad})
    # Signed out, and sent to the sign-in page, where the password is refused meanwhile.
    assert locked.status_code == 302 and locked["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302
    again = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert again.status_code == 200  # the form again: locked
    assert "_auth_user_id" not in client.session
    kinds = set(SignInEvent.objects.values_list("kind", flat=True))
    assert {"2fa_failed", "locked", "refused_locked"} <= kinds


def test_a_recovery_code_works_once(client, admin_user):
    sign_in(client, admin_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(ENROL, {"code": totp(device.bin_key)})
    code = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())[0]
    client.logout()

    sign_in(client, admin_user)
    used = client.post(VERIFY, {"code": code.upper()})  # as typed: upper case, with its hyphen
    assert used.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9
    client.logout()

    cache.clear()  # the wrong-code counter is not what is tested here
    time.sleep(1.05)
    sign_in(client, admin_user)
    assert client.post(VERIFY, {"code": code}).status_code == 400
    assert client.get("/admin/").status_code == 302
    assert SignInEvent.objects.filter(kind="2fa_recovery_used", detail="9 left").count() == 1


@pytest.fixture
def school(db):
    build_home()
    site_factories.SchoolIndexPageFactory(parent=Page.objects.get(depth=2))
    return site_factories.provision_school("Trường Tiểu học Hoa Sen", "51000901", slug="hoa-sen")


def test_an_editor_without_applications_access_is_not_forced(client):
    """A department news editor: pages only, no school, no kind of case, no administration."""
    home = build_home()
    editors = Group.objects.create(name="Biên tập tin Sở")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(
        group=editors, page=home, permission=Permission.objects.get(codename="change_page")
    )
    editor = User.objects.create_user("bientap-so", password=PASSWORD)
    editor.groups.add(editors)
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200


def test_an_applications_processor_is_forced(client, school):
    """School staff process the applications that go to their school (applications.permissions):
    they hold children's data, so they enrol."""
    clerk = User.objects.create_user("vanthu-hoa-sen", password=PASSWORD)
    clerk.groups.add(school.editors_group)
    sign_in(client, clerk)
    assert client.get("/admin/ho-so-truc-tuyen/")["Location"].startswith(ENROL)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_with_two_factor_optional_only_enrolled_users_are_asked(client, admin_user, settings):
    settings.TWO_FACTOR_REQUIRED = False
    sign_in(client, admin_user)
    assert client.get("/admin/").status_code == 200
    client.logout()
    device_for(admin_user)
    sign_in(client, admin_user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_an_admin_resets_anothers_two_factor_and_it_is_in_wagtails_log(client, admin_user):
    clerk = User.objects.create_user("vanthu", password=PASSWORD)
    device_for(clerk)
    device = device_for(admin_user)
    sign_in(client, admin_user)
    client.post(VERIFY, {"code": totp(device.bin_key)})
    listing = client.get("/admin/xac-thuc-hai-buoc/quan-ly/?status=enrolled")
    assert listing.status_code == 200 and "vanthu" in listing.content.decode()
    url = f"/admin/xac-thuc-hai-buoc/quan-ly/{clerk.pk}/dat-lai/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    entry = ModelLogEntry.objects.get(action=RESET_ACTION)
    assert entry.user_id == admin_user.pk and entry.object_id == str(clerk.pk)
    assert SignInEvent.objects.get(kind="2fa_reset").detail == "by truong-phong"


def test_only_department_admins_reset_and_never_a_superusers_from_below(client, admin_user):
    user_admin = User.objects.create_user("quan-tri-tai-khoan", password=PASSWORD)
    user_admin.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_user"),
    )
    device = device_for(user_admin)
    device_for(admin_user)
    sign_in(client, user_admin)
    client.post(VERIFY, {"code": totp(device.bin_key)})
    url = f"/admin/xac-thuc-hai-buoc/quan-ly/{admin_user.pk}/dat-lai/"
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.post(url).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=admin_user).exists()

    plain = User.objects.create_user("nhan-vien", password=PASSWORD)
    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = type(client)()
    sign_in(other, plain)
    assert other.get("/admin/xac-thuc-hai-buoc/quan-ly/").status_code in (302, 403)
    reset = other.post(f"/admin/xac-thuc-hai-buoc/quan-ly/{user_admin.pk}/dat-lai/")
    assert reset.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=user_admin).exists()


def test_the_operators_command_resets_from_the_shell(admin_user):
    device_for(admin_user)
    out = StringIO()
    call_command("reset_two_factor", "truong-phong", stdout=out)
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert "truong-phong" in out.getvalue()
    assert ModelLogEntry.objects.filter(action=RESET_ACTION, user=None).count() == 1
    assert SignInEvent.objects.get(kind="2fa_reset").detail == "from the command line"
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("reset_two_factor", "khong-co-ai", stdout=StringIO())


def test_reset_counts_the_devices_it_removed(admin_user):
    device_for(admin_user)
    assert two_factor_reset(user=admin_user) == 1
    assert two_factor_reset(user=admin_user) == 0


def test_the_password_alone_opens_no_login_restricted_page_or_document(client, admin_user, home):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from portal import factories

    page = factories.StandardPageFactory(parent=home, title="Nội bộ", slug="noi-bo")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Kế hoạch",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 noi bo", name="ke-hoach.pdf"),
    )
    device = device_for(admin_user)
    sign_in(client, admin_user)
    for url in (page.url, document.url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    client.post(VERIFY, {"code": totp(device.bin_key), "next": "/admin/"})
    assert client.get(page.url).status_code == 200
    assert client.get(document.url).status_code == 200
    assert restriction.pk
