"""The alert banner: which sites show an alert, when, in what order, and at what cost."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from alerts.factories import AlertFactory
from alerts.models import Alert
from alerts.selectors import alerts_for_site
from sites import factories

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def banner_titles(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    region = BeautifulSoup(response.content, "html.parser").select_one(".site-alerts")
    if region is None:
        return []
    return [title.get_text(" ", strip=True) for title in region.select(".site-alert__title")]


def shown(client, host, title):
    return any(title in text for text in banner_titles(client, host))


@pytest.fixture
def sites_(home, two_schools):
    first, second = two_schools
    return {"department": "localhost", "first": first.hostname, "second": second.hostname}


def test_department_alert_without_target_is_on_every_site(client, sites_):
    AlertFactory(title="Bão số 5 đổ bộ")
    for host in sites_.values():
        assert shown(client, host, "Bão số 5 đổ bộ"), host


def test_expired_and_future_alerts_are_shown_nowhere(client, sites_, two_schools):
    now = timezone.now()
    AlertFactory(title="Đã hết hạn", starts_at=now - 3 * HOUR, expires_at=now - HOUR)
    AlertFactory(title="Chưa bắt đầu", starts_at=now + HOUR, expires_at=now + 3 * HOUR)
    AlertFactory(
        title="Trường hết hạn",
        school=two_schools[0],
        starts_at=now - 3 * HOUR,
        expires_at=now - HOUR,
    )
    for host in sites_.values():
        assert banner_titles(client, host) == [], host


def test_an_alert_disappears_everywhere_once_expired(client, sites_, two_schools, monkeypatch):
    now = timezone.now()
    AlertFactory(title="Nghỉ học do mưa lũ", expires_at=now + HOUR)
    for host in sites_.values():
        assert shown(client, host, "Nghỉ học do mưa lũ")
    later = now + 2 * HOUR
    for site in Site.objects.all():
        assert all(
            alert.title != "Nghỉ học do mưa lũ" for alert in alerts_for_site(site=site, now=later)
        )
    # The banners are cached per site (portal/sitecache.py) until the alert's expiry: once
    # the clock passes it, no site shows it, without any edit.
    monkeypatch.setattr(timezone, "now", lambda: later)
    for host in sites_.values():
        assert not shown(client, host, "Nghỉ học do mưa lũ"), host


def test_a_school_alert_is_shown_on_its_own_site_only(client, sites_, two_schools):
    AlertFactory(title="Trường nghỉ học chiều thứ Sáu", school=two_schools[0])
    assert shown(client, sites_["first"], "Trường nghỉ học chiều thứ Sáu")
    assert not shown(client, sites_["second"], "Trường nghỉ học chiều thứ Sáu")
    assert not shown(client, sites_["department"], "Trường nghỉ học chiều thứ Sáu")


def test_targets_by_level_and_by_unit_including_units_above(client, sites_, two_schools):
    first, second = two_schools
    upper = factories.SchoolLevelFactory(code="C2", name="Trung học cơ sở")
    first.levels.set([first.levels.get()])
    second.levels.set([upper])
    province = factories.AdministrativeUnitFactory(code="51", name="Quảng Ngãi", unit_type="Tỉnh")
    commune = second.administrative_unit
    commune.parent = province
    commune.save()
    other_unit = factories.AdministrativeUnitFactory(code="51-X", name="Xã Khác")
    first.administrative_unit = other_unit
    first.save()

    AlertFactory(title="Chỉ THCS", levels=[upper])
    AlertFactory(title="Chỉ trong tỉnh", units=[province])
    AlertFactory(title="THCS ở xã khác", levels=[upper], units=[other_unit])
    assert banner_titles(client, sites_["department"]) == []
    second_titles = " ".join(banner_titles(client, sites_["second"]))
    assert "Chỉ THCS" in second_titles and "Chỉ trong tỉnh" in second_titles
    assert "THCS ở xã khác" not in second_titles
    assert banner_titles(client, sites_["first"]) == []


def test_most_severe_first_then_newest(client, sites_):
    now = timezone.now()
    AlertFactory(title="Tin cũ", severity=Alert.Severity.INFORMATION, starts_at=now - 5 * HOUR)
    AlertFactory(title="Tin mới", severity=Alert.Severity.INFORMATION, starts_at=now - HOUR)
    AlertFactory(title="Nguy hiểm", severity=Alert.Severity.DANGER, starts_at=now - 9 * HOUR)
    AlertFactory(title="Cảnh báo", severity=Alert.Severity.WARNING, starts_at=now - 2 * HOUR)
    titles = banner_titles(client, sites_["first"])
    order = [next(i for i, t in enumerate(titles) if name in t) for name in
             ("Nguy hiểm", "Cảnh báo", "Tin mới", "Tin cũ")]  # fmt: skip
    assert order == sorted(order)


def test_banner_is_a_labelled_region_and_danger_is_announced(client, sites_):
    AlertFactory(
        title="Sơ tán khẩn cấp", severity=Alert.Severity.DANGER, link="https://example.vn/a"
    )
    AlertFactory(title="Lịch nghỉ Tết", severity=Alert.Severity.INFORMATION)
    html = client.get("/", HTTP_HOST=sites_["first"]).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    region = soup.select_one("section.site-alerts")
    heading = soup.find(id=region["aria-labelledby"])
    assert heading.get_text(strip=True) == "Thông báo khẩn"
    danger, info = region.select(".site-alert")
    assert danger["role"] == "alert" and "Nguy hiểm" in danger.get_text()
    assert not info.has_attr("role") and "Thông tin" in info.get_text()
    assert danger.select_one("a")["href"] == "https://example.vn/a"
    assert "<script" not in str(region)


def test_banner_is_on_other_pages_and_in_every_theme(client, sites_, two_schools):
    from themes.models import ThemeSettings

    AlertFactory(title="Cảnh báo giông lốc")
    school = two_schools[0]
    for theme in ("tre-xanh", "hoa-phuong"):
        ThemeSettings.objects.update_or_create(site=school.site, defaults={"theme": theme})
        response = client.get("/tin-tuc/", HTTP_HOST=school.hostname)
        assert response.status_code == 200
        assert "Cảnh báo giông lốc" in response.content.decode()
    missing = client.get("/khong-co-trang-nay/", HTTP_HOST=school.hostname)
    assert missing.status_code == 404
    assert "Cảnh báo giông lốc" in missing.content.decode()


def test_one_query_whatever_the_number_of_alerts(client, sites_, two_schools):
    first, second = two_schools
    site = first.site

    def count():
        with CaptureQueriesContext(connection) as captured:
            alerts_for_site(site=site)
        return len(captured)

    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/", HTTP_HOST=first.hostname)
        return len(captured)

    page_queries()
    assert count() == 1
    without = page_queries()
    level = first.levels.get()
    for n in range(4):
        AlertFactory(title=f"Cảnh báo {n}", levels=[level], units=[first.administrative_unit])
        AlertFactory(title=f"Trường {n}", school=first)
        AlertFactory(title=f"Trường khác {n}", school=second)
    assert len(alerts_for_site(site=site)) == 8
    assert count() == 1
    # The banner is cached per site: the first page after the change reads it again (one
    # query of its own, as above), the next ones not at all; neither grows with the alerts.
    page_queries()
    assert page_queries() == without


def test_alerts_are_not_search_results(client, sites_):
    from wagtail.search.index import Indexed

    assert not issubclass(Alert, Indexed)
    AlertFactory(title="Bão Kajiki")
    response = client.get("/tim-kiem/", {"q": "Kajiki"}, HTTP_HOST=sites_["department"])
    assert response.status_code == 200
    assert response.context["outcome"].total == 0
    assert "Bão Kajiki" in response.content.decode()  # in the banner, not among the results


def test_the_end_must_follow_the_start():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    alert = Alert(title="Sai", message="x", starts_at=now, expires_at=now - HOUR)
    with pytest.raises(ValidationError) as error:
        alert.full_clean()
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu" in str(error.value)
