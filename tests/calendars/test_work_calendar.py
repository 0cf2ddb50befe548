"""The leaders' work calendar: one page per week, shown by ISO week with links to others."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from calendars import factories
from calendars.models import WorkWeekPage
from calendars.weeks import Week
from tests.calendars.conftest import count_queries

pytestmark = pytest.mark.django_db

T = datetime.time


def week_page(calendar, monday, rows):
    page = factories.WorkWeekPageFactory(parent=calendar, week_start=monday)
    return factories.add_entries(page, rows)


def test_week_view_shows_the_published_week_in_time_order(client, calendar, this_monday):
    week_page(
        calendar,
        this_monday,
        [
            (2, T(14, 0), None, "Tiếp công dân định kỳ", "Giám đốc Sở", "Phòng tiếp dân"),
            (0, T(7, 30), T(9, 0), "Giao ban đầu tuần", "Lãnh đạo Sở", "Phòng họp số 1"),
        ],
    )
    response = client.get(f"{calendar.url}lich-cong-tac/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Giao ban đầu tuần") < html.index("Tiếp công dân định kỳ")
    assert "07:30" in html and "09:00" in html and "Phòng họp số 1" in html
    assert "<caption>" in html and 'scope="col"' in html


def test_another_week_is_chosen_by_its_iso_week(client, calendar, this_monday):
    next_monday = this_monday + datetime.timedelta(days=7)
    week_page(calendar, next_monday, [(3, T(8, 0), None, "Đoàn kiểm tra của Bộ", "", "")])
    url = f"{calendar.url}lich-cong-tac/"
    assert "Đoàn kiểm tra của Bộ" not in client.get(url).content.decode()
    week = Week.containing(next_monday)
    html = client.get(url, {"tuan": str(week)}).content.decode()
    assert "Đoàn kiểm tra của Bộ" in html
    # Links to the neighbouring weeks are plain links: no JavaScript needed.
    assert f'href="{url}?tuan={week.previous}"' in html
    assert f'href="{url}?tuan={week.next}"' in html


def test_an_empty_week_says_so(client, calendar):
    response = client.get(f"{calendar.url}lich-cong-tac/", {"tuan": "2030-W10"})
    assert response.status_code == 200
    assert "Chưa có lịch công tác" in response.content.decode()


@pytest.mark.parametrize("value", ["2026-W60", "tuan-48", "2026-W1'"])
def test_an_invalid_week_is_a_400_in_vietnamese(client, calendar, value):
    response = client.get(f"{calendar.url}lich-cong-tac/", {"tuan": value})
    assert response.status_code == 400
    assert "không phải là một tuần" in response.content.decode()


def test_a_draft_week_is_not_shown(client, calendar, this_monday):
    page = week_page(calendar, this_monday, [(0, T(8, 0), None, "Nội dung bí mật", "", "")])
    page.unpublish()
    html = client.get(f"{calendar.url}lich-cong-tac/").content.decode()
    assert "Nội dung bí mật" not in html


def test_the_week_page_has_its_own_stable_url(client, calendar, this_monday):
    page = week_page(calendar, this_monday, [(1, T(8, 0), None, "Họp chi bộ", "", "")])
    week = Week.containing(this_monday)
    assert page.slug == f"tuan-{week.year}-w{week.number:02d}"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Họp chi bộ" in response.content.decode()


def test_week_view_query_count_does_not_grow_with_entries(client, calendar, this_monday):
    url = f"{calendar.url}lich-cong-tac/"
    page = week_page(calendar, this_monday, [(0, T(7, 0), None, "Việc 1", "", "")])
    few = count_queries(client, url)
    factories.add_entries(
        page, [(d % 7, T(8 + d % 8, 0), None, f"Việc {d}", "Lãnh đạo", "Sở") for d in range(20)]
    )
    assert count_queries(client, url) == few
    assert few <= 20


# --- the admin form an editor fills in ---------------------------------------------------


def add_url(calendar):
    return reverse("wagtailadmin_pages:add", args=("calendars", "workweekpage", calendar.pk))


def form_data(day, entries):
    data = {
        "title": "",
        "slug": "",
        "week_start": day.isoformat(),
        "note": "",
        "entries-TOTAL_FORMS": str(len(entries)),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    for n, (date, start, end, content) in enumerate(entries):
        data.update(
            {
                f"entries-{n}-date": date.isoformat(),
                f"entries-{n}-start_time": start,
                f"entries-{n}-end_time": end,
                f"entries-{n}-content": content,
                f"entries-{n}-participants": "Giám đốc Sở",
                f"entries-{n}-location": "Phòng họp",
                f"entries-{n}-ORDER": str(n),
                f"entries-{n}-id": "",
                f"entries-{n}-DELETE": "",
            }
        )
    return data


def test_editor_picks_any_day_and_gets_the_week_titled_for_them(admin_client, calendar):
    wednesday = datetime.date(2026, 11, 25)
    response = admin_client.post(
        add_url(calendar),
        form_data(wednesday, [(wednesday, "08:00", "", "Kiểm tra bán trú")]),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = WorkWeekPage.objects.child_of(calendar).get()
    assert page.live
    assert page.week_start == datetime.date(2026, 11, 23)
    assert page.slug == "tuan-2026-w48"
    assert "48" in page.title and "23/11" in page.title and "29/11/2026" in page.title
    assert page.entries.get().content == "Kiểm tra bán trú"


def test_an_entry_outside_the_week_is_refused(admin_client, calendar):
    monday = datetime.date(2026, 11, 23)
    outside = datetime.date(2026, 12, 1)
    response = admin_client.post(
        add_url(calendar), form_data(monday, [(outside, "08:00", "", "Lạc tuần")])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không thuộc tuần từ 23/11/2026 đến 29/11/2026" in html
    assert not WorkWeekPage.objects.exists()


def test_an_end_before_the_start_is_refused(admin_client, calendar):
    monday = datetime.date(2026, 11, 23)
    response = admin_client.post(
        add_url(calendar), form_data(monday, [(monday, "10:00", "09:00", "Ngược giờ")])
    )
    assert response.status_code == 200
    assert "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    assert not WorkWeekPage.objects.exists()


def test_a_second_calendar_for_the_same_week_is_refused(admin_client, calendar):
    factories.WorkWeekPageFactory(parent=calendar, week_start=datetime.date(2026, 11, 23))
    response = admin_client.post(add_url(calendar), form_data(datetime.date(2026, 11, 27), []))
    assert response.status_code == 200
    assert "đã có lịch công tác của tuần này" in response.content.decode()
    assert WorkWeekPage.objects.count() == 1
    assert Page.objects.filter(slug="tuan-2026-w48").count() == 1


@pytest.mark.parametrize("value", ["9999-W52", "0001-W01", "٢٠٢٦-W10"])
def test_a_week_outside_the_calendars_range_is_a_400_not_an_overflow(client, calendar, value):
    response = client.get(f"{calendar.url}lich-cong-tac/", {"tuan": value})
    assert response.status_code == 400
