"""The alert banner on a school site: a school's moderator posts an urgent notice in the admin;
visitors of that school's site (and not of another school's) see it, without JavaScript,
next to the department's alert; once expired it is gone."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from alerts.factories import AlertFactory
from alerts.models import Alert
from sites import factories
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "MatKhau-ThuNghiem-2025"
TITLE = "Học sinh nghỉ học ngày mai do bão"
MESSAGE = "Nhà trường cho học sinh nghỉ học để đảm bảo an toàn. Cha mẹ học sinh lưu ý."
DEPARTMENT_TITLE = "Sở GDĐT cảnh báo mưa lũ"


@pytest.fixture
def schools(live_server):
    home = build_home()
    factories.SchoolIndexPageFactory(parent=home)
    school = factories.provision_school("Trường THCS Lê Lợi", "51000301")
    other = factories.provision_school("Trường Tiểu học Hòa Bình", "51000302")
    moderator = User.objects.create_user("ht.minh", password=PASSWORD)
    moderator.groups.add(school.moderators_group)
    AlertFactory(title=DEPARTMENT_TITLE, severity=Alert.Severity.WARNING)
    return school, other


def site_url(live_server, school, path="/"):
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{school.hostname}:{port}{path}"


def test_moderator_posts_an_alert_that_visitors_of_that_school_see(schools, new_page, live_server):
    school, other = schools
    admin = new_page()
    admin.goto("/admin/login/")
    admin.fill("#id_username", "ht.minh")
    admin.fill("#id_password", PASSWORD)
    admin.locator("form button[type=submit]").click()
    expect(admin.locator("#id_password")).to_have_count(0)

    admin.goto("/admin/snippets/alerts/alert/add/")
    expires = timezone.localtime() + datetime.timedelta(days=1)
    admin.fill("#id_title", TITLE)
    admin.fill("#id_message", MESSAGE)
    admin.select_option("#id_severity", "3")
    expect(admin.locator("#id_levels")).to_have_count(0)  # no targets for a school
    # The date last: its picker opens over the page (and over the Save button), so the form
    # is saved with Wagtail's keyboard shortcut, as an editor in a hurry does.
    admin.fill("#id_expires_at", expires.strftime("%Y-%m-%d %H:%M"))
    admin.keyboard.press("Control+s")
    expect(admin).to_have_url(f"{live_server.url}/admin/snippets/alerts/alert/")
    alert = Alert.objects.get(title=TITLE)
    assert alert.school == school

    # A visitor on a phone without JavaScript.
    visitor = new_page(java_script_enabled=False, viewport={"width": 390, "height": 800})
    visitor.goto(site_url(live_server, school, "/tin-tuc/"))
    banner = visitor.get_by_role("region", name="Thông báo khẩn")
    expect(banner).to_be_visible()
    urgent = banner.get_by_role("alert")
    expect(urgent).to_contain_text(TITLE)
    expect(urgent).to_contain_text(MESSAGE)
    expect(banner).to_contain_text(DEPARTMENT_TITLE)
    # The most severe first.
    titles = banner.locator(".site-alert__title").all_inner_texts()
    assert TITLE in titles[0] and DEPARTMENT_TITLE in titles[1]
    assert visitor.problems == []

    visitor.goto(site_url(live_server, other))
    expect(visitor.get_by_role("region", name="Thông báo khẩn")).to_contain_text(DEPARTMENT_TITLE)
    expect(visitor.get_by_text(TITLE)).to_have_count(0)

    # Ended early by an edit (a save, which the per-site cache hears): gone everywhere.
    for ended in Alert.objects.all():
        ended.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        ended.save()
    for url in (site_url(live_server, school), site_url(live_server, other), live_server.url):
        visitor.goto(url)
        expect(visitor.locator(".site-alerts")).to_have_count(0)
