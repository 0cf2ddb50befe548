"""Who manages which alerts in the admin: the department all, a school's moderators their own."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from alerts.factories import AlertFactory
from alerts.models import Alert

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/alerts/alert/"


def edit_url(alert):
    return f"{LIST}edit/{alert.pk}/"


def delete_url(alert):
    return f"{LIST}delete/{alert.pk}/"


def form_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Nghỉ học do bão",
        "message": "Học sinh nghỉ học ngày mai.",
        "link": "",
        "severity": "3",
        "starts_at": now.strftime("%Y-%m-%d %H:%M"),
        "expires_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def people(two_schools, django_user_model):
    first, second = two_schools
    users = django_user_model.objects
    admin = users.create_superuser("so-admin", "so@example.com", "x")
    moderator = users.create_user("ht-first", "ht@example.com", "x")
    moderator.groups.add(first.moderators_group)
    editor = users.create_user("gv-first", "gv@example.com", "x")
    editor.groups.add(first.editors_group)
    # Even holding every alert permission, a school user stays inside their school.
    for codename in ("add_alert", "change_alert", "delete_alert", "view_alert"):
        moderator.user_permissions.add(Permission.objects.get(codename=codename))
    return {"admin": admin, "moderator": moderator, "editor": editor}


@pytest.fixture
def alerts(two_schools):
    first, second = two_schools
    return {
        "department": AlertFactory(title="Cảnh báo của Sở"),
        "own": AlertFactory(title="Cảnh báo của trường mình", school=first),
        "other": AlertFactory(title="Cảnh báo của trường khác", school=second),
    }


def test_department_admin_sees_and_edits_every_alert(client, people, alerts):
    client.force_login(people["admin"])
    html = client.get(LIST).content.decode()
    for alert in alerts.values():
        assert alert.title in html
        assert client.get(edit_url(alert)).status_code == 200


def test_school_moderator_sees_only_their_school(client, people, alerts):
    client.force_login(people["moderator"])
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert alerts["own"].title in html
    assert alerts["department"].title not in html
    assert alerts["other"].title not in html
    assert client.get(edit_url(alerts["own"])).status_code == 200


@pytest.mark.parametrize("which", ["department", "other"])
def test_school_moderator_cannot_reach_other_alerts_by_id(client, people, alerts, which):
    alert = alerts[which]
    client.force_login(people["moderator"])
    urls = [edit_url(alert), delete_url(alert), f"{LIST}copy/{alert.pk}/"]
    urls += [f"{LIST}history/{alert.pk}/", f"{LIST}usage/{alert.pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url  # denied, never shown
        assert alert.title not in response.content.decode()
    client.post(edit_url(alert), form_data(title="Bị sửa trái phép", school=alert.school_id or ""))
    client.post(delete_url(alert))
    alert.refresh_from_db()
    assert alert.title != "Bị sửa trái phép"
    # The bulk delete action refuses it too.
    client.post(f"/admin/bulk/alerts/alert/delete/?id={alert.pk}")
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_school_moderator_creates_an_alert_for_their_school_only(
    client, people, alerts, two_schools
):
    first, second = two_schools
    client.force_login(people["moderator"])
    form = client.get(f"{LIST}add/").content.decode()
    assert 'name="levels"' not in form and 'name="units"' not in form
    response = client.post(f"{LIST}add/", form_data(school=first.pk))
    assert response.status_code == 302
    created = Alert.objects.get(title="Nghỉ học do bão")
    assert created.school == first
    # Another school's id is refused.
    response = client.post(f"{LIST}add/", form_data(title="Giả mạo", school=second.pk))
    assert response.status_code == 200
    assert not Alert.objects.filter(title="Giả mạo").exists()


def test_school_editor_has_no_alerts(client, people, alerts):
    client.force_login(people["editor"])
    assert client.get(LIST).status_code in (302, 403)
    assert client.get(edit_url(alerts["own"])).status_code in (302, 403, 404)
    assert LIST not in client.get("/admin/").content.decode()


def test_department_creates_a_targeted_alert(client, people, two_schools):
    first, _ = two_schools
    level = first.levels.get()
    client.force_login(people["admin"])
    response = client.post(f"{LIST}add/", form_data(levels=[level.pk]))
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.school is None
    assert list(alert.levels.all()) == [level]


def test_an_end_before_the_start_is_refused_with_a_message(client, people):
    client.force_login(people["admin"])
    now = timezone.localtime()
    response = client.post(
        f"{LIST}add/",
        form_data(expires_at=(now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")),
    )
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu" in response.content.decode()
    assert not Alert.objects.exists()
