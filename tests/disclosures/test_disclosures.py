"""Public disclosures: categories as data, status per school year, the pages and the fleet."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from disclosures.factories import DisclosurePageFactory, figure_table
from disclosures.models import DisclosureCategory, DisclosureIndexPage, DisclosurePage
from disclosures.selectors import disclosure_status
from sites.fleet import DISCLOSURES_LATE, DISCLOSURES_MISSING, fleet_rows

pytestmark = pytest.mark.django_db

YEAR = "2025-2026"
OCTOBER = datetime.date(2025, 10, 15)  # after 30/9, before 31/5 and 31/7


def index_of(school):
    return DisclosureIndexPage.objects.child_of(school.home_page).get()


def category(slug):
    return DisclosureCategory.objects.get(slug=slug)


def states(statuses):
    return {status.category.slug: status.state for status in statuses}


def test_the_circular_categories_and_the_annual_report_are_seeded():
    slugs = list(DisclosureCategory.objects.values_list("slug", flat=True))
    assert slugs == [
        "thong-tin-chung",
        "dieu-kien-bao-dam-chat-luong",
        "tai-chinh",
        "ke-hoach-tuyen-sinh",
        "bao-cao-thuong-nien",
    ]


def test_category_schedule_is_validated():
    bad = DisclosureCategory(name="Sai", slug="sai", due_day=31, due_month=2)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "Ngày này không có trong tháng đó" in str(error.value)
    half = DisclosureCategory(name="Thiếu", slug="thieu", due_day=5)
    with pytest.raises(ValidationError):
        half.full_clean()


def test_provisioning_creates_the_disclosures_index(two_schools):
    school, _ = two_schools
    index = index_of(school)
    assert index.slug == "cong-khai" and index.live


def test_status_done_missing_late_per_school(two_schools):
    school, other = two_schools
    DisclosurePageFactory(parent=index_of(school), category=category("tai-chinh"), school_year=YEAR)
    # Another school year, and another school, do not count.
    DisclosurePageFactory(
        parent=index_of(school), category=category("thong-tin-chung"), school_year="2024-2025"
    )
    DisclosurePageFactory(
        parent=index_of(other), category=category("thong-tin-chung"), school_year=YEAR
    )
    # A draft does not count either.
    draft = DisclosurePageFactory(
        parent=index_of(school), category=category("dieu-kien-bao-dam-chat-luong"), school_year=YEAR
    )
    draft.unpublish()

    assert states(disclosure_status(school=school, school_year=YEAR, today=OCTOBER)) == {
        "thong-tin-chung": "late",
        "dieu-kien-bao-dam-chat-luong": "late",
        "tai-chinh": "done",
        "ke-hoach-tuyen-sinh": "missing",
        "bao-cao-thuong-nien": "missing",
    }
    before_due = datetime.date(2025, 9, 30)
    assert states(disclosure_status(school=school, school_year=YEAR, today=before_due)) == {
        "thong-tin-chung": "missing",
        "dieu-kien-bao-dam-chat-luong": "missing",
        "tai-chinh": "done",
        "ke-hoach-tuyen-sinh": "missing",
        "bao-cao-thuong-nien": "missing",
    }
    # The schedule is data: moving a due date changes the answer.
    DisclosureCategory.objects.filter(slug="ke-hoach-tuyen-sinh").update(due_month=10, due_day=1)
    late = disclosure_status(school=school, school_year=YEAR, today=OCTOBER)
    assert states(late)["ke-hoach-tuyen-sinh"] == "late"
    with CaptureQueriesContext(connection) as captured:
        disclosure_status(school=school, school_year=YEAR, today=OCTOBER)
    assert len(captured) == 2


def test_the_fleet_shows_and_filters_late_and_missing_schools(
    two_schools, client, django_user_model
):
    school, other = two_schools
    for slug in ("thong-tin-chung", "dieu-kien-bao-dam-chat-luong", "tai-chinh"):
        DisclosurePageFactory(parent=index_of(school), category=category(slug), school_year=YEAR)
    october = datetime.datetime(2025, 10, 15, 12, tzinfo=datetime.UTC)
    rows = {row.school: row for row in fleet_rows(now=october)}
    assert rows[school].disclosures_late == []
    assert {c.slug for c in rows[school].disclosures_missing} == {
        "ke-hoach-tuyen-sinh",
        "bao-cao-thuong-nien",
    }
    assert {c.slug for c in rows[other].disclosures_late} == {
        "thong-tin-chung",
        "dieu-kien-bao-dam-chat-luong",
        "tai-chinh",
    }
    late = [row.school for row in fleet_rows(now=october, disclosures=DISCLOSURES_LATE)]
    assert late == [other]
    missing = fleet_rows(now=october, disclosures=DISCLOSURES_MISSING)
    assert {row.school for row in missing} == {school, other}

    admin = django_user_model.objects.create_superuser("so-admin", "so@example.com", "x")
    client.force_login(admin)
    response = client.get("/admin/fleet/", {"school_year": "2024-2025", "disclosures": "late"})
    assert response.status_code == 200
    # Every category of 2024-2025 is long past due for both schools.
    assert {row.school for row in response.context["rows"]} == {school, other}
    html = response.content.decode()
    assert "Muộn:" in html and "Thông tin chung" in html
    bad = client.get("/admin/fleet/", {"school_year": "2025"})
    assert bad.status_code == 400
    assert "Nhập năm học gồm hai năm liên tiếp" in bad.content.decode()


def test_a_disclosure_needs_content_and_a_valid_school_year(two_schools):
    school, _ = two_schools
    page = DisclosurePage(
        title="Trống",
        slug="trong",
        category=category("tai-chinh"),
        school_year="2025-2027",
        intro="",
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    messages = " ".join(str(m) for m in error.value.messages)
    assert "Nhập năm học gồm hai năm liên tiếp" in messages
    assert "Công khai cần có nội dung" in messages


def test_tree_rules(two_schools, home):
    school, _ = two_schools
    assert DisclosureIndexPage.can_create_at(school.home_page) is False  # one per school
    assert DisclosureIndexPage.can_create_at(home) is False
    assert DisclosurePage.can_create_at(index_of(school))
    assert not DisclosurePage.can_create_at(school.home_page)


def test_index_groups_by_year_and_category_and_filters(two_schools, client):
    school, other = two_schools
    index = index_of(school)
    DisclosurePageFactory(
        parent=index, title="Thu chi năm 2024", category=category("tai-chinh"), school_year=YEAR
    )
    DisclosurePageFactory(
        parent=index,
        title="Thông tin trường",
        category=category("thong-tin-chung"),
        school_year=YEAR,
    )
    DisclosurePageFactory(
        parent=index, title="Báo cáo năm cũ", category=category("bao-cao-thuong-nien"),
        school_year="2024-2025",
    )  # fmt: skip
    DisclosurePageFactory(parent=index_of(other), title="Của trường khác", school_year=YEAR)

    response = client.get("/cong-khai/", HTTP_HOST=school.hostname)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    years = [h.get_text(strip=True) for h in soup.select(".disclosure-year h2")]
    assert years == ["Năm học 2025-2026", "Năm học 2024-2025"]
    first_year = soup.select(".disclosure-year")[0]
    assert [h.get_text(strip=True) for h in first_year.select("h3")] == [
        "Thông tin chung",
        "Thu, chi tài chính",
    ]
    assert "Của trường khác" not in response.content.decode()

    one_year = client.get("/cong-khai/", {"nam-hoc": "2024-2025"}, HTTP_HOST=school.hostname)
    assert "Báo cáo năm cũ" in one_year.content.decode()
    assert "Thu chi năm 2024" not in one_year.content.decode()

    bad = client.get("/cong-khai/", {"nam-hoc": "2024"}, HTTP_HOST=school.hostname)
    assert bad.status_code == 400
    assert "Nhập năm học gồm hai năm liên tiếp" in bad.content.decode()


def test_index_query_count_does_not_grow(two_schools, client):
    school, _ = two_schools
    index = index_of(school)
    DisclosurePageFactory(parent=index, school_year=YEAR)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cong-khai/", HTTP_HOST=school.hostname).status_code == 200
        return len(captured)

    count()
    few = count()
    for n, cat in enumerate(DisclosureCategory.objects.all()):
        for year in ("2023-2024", "2024-2025"):
            DisclosurePageFactory(
                parent=index, title=f"Mục {n} {year}", category=cat, school_year=year
            )
    assert count() == few


def test_disclosure_page_renders_files_and_an_accessible_table_of_figures(two_schools, client):
    school, _ = two_schools
    page = DisclosurePageFactory(
        parent=index_of(school),
        title="Đội ngũ nhà giáo năm học 2025-2026",
        category=category("dieu-kien-bao-dam-chat-luong"),
        school_year=YEAR,
        figures=[
            figure_table(
                "Đội ngũ theo trình độ đào tạo",
                [("Thạc sĩ", "12", "người"), ("Diện tích sàn bình quân", "4.5", "m²/học sinh")],
            )
        ],
    )
    path = page.url_path[len(school.home_page.url_path) - 1 :]
    response = client.get(path, HTTP_HOST=school.hostname)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.figure-table")
    assert table.caption.get_text(strip=True) == "Đội ngũ theo trình độ đào tạo"
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col", "col"]
    rows = table.select("tbody tr")
    assert rows[0].th["scope"] == "row" and rows[0].th.get_text(strip=True) == "Thạc sĩ"
    assert rows[0].select("td")[0].get_text(strip=True) == "12"
    assert rows[1].select("td")[0].get_text(strip=True) == "4,50"
    assert "Năm học 2025-2026" in response.content.decode()


def test_school_editor_may_add_a_disclosure_only_in_their_school(two_schools, django_user_model):
    school, other = two_schools
    editor = django_user_model.objects.create_user("gv", "gv@example.com", "x")
    editor.groups.add(school.editors_group)
    own = Page.objects.get(pk=index_of(school).pk)
    theirs = Page.objects.get(pk=index_of(other).pk)
    assert own.permissions_for_user(editor).can_add_subpage()
    assert not theirs.permissions_for_user(editor).can_add_subpage()


def test_editor_opens_the_add_form_and_disclosures_are_in_the_sitemap(two_schools, client):
    school, other = two_schools
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("gv2", "gv2@example.com", "x")
    editor.groups.add(school.editors_group)
    client.force_login(editor)
    index = index_of(school)
    add = f"/admin/pages/add/disclosures/disclosurepage/{index.pk}/"
    response = client.get(add)
    assert response.status_code == 200
    assert 'name="school_year"' in response.content.decode()
    other_add = f"/admin/pages/add/disclosures/disclosurepage/{index_of(other).pk}/"
    assert client.get(other_add).status_code in (302, 403)

    page = DisclosurePageFactory(parent=index, title="Kế hoạch tuyển sinh lớp 6", school_year=YEAR)
    client.logout()
    sitemap = client.get("/sitemap.xml", HTTP_HOST=school.hostname).content.decode()
    assert page.slug in sitemap
    assert page.slug not in client.get("/sitemap.xml", HTTP_HOST=other.hostname).content.decode()


def test_a_disclosure_stays_published_for_its_display_period(two_schools, client):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    school, _ = two_schools
    moderator = get_user_model().objects.create_user("ht", "ht@example.com", "x")
    moderator.groups.add(school.moderators_group)
    page = DisclosurePageFactory(parent=index_of(school), school_year=YEAR)
    page.save_revision().publish()  # sets first_published_at, as publishing in the admin does
    client.force_login(moderator)

    response = client.post(f"/admin/pages/{page.pk}/unpublish/", follow=True)
    assert DisclosurePage.objects.get(pk=page.pk).live, response.redirect_chain
    shown = [str(message) for message in response.context["messages"]]
    assert any("phải được công khai đến" in message for message in shown), shown
    response = client.get(f"/admin/pages/{page.pk}/delete/")
    assert response.status_code == 302
    assert DisclosurePage.objects.filter(pk=page.pk).exists()

    # After the category's display period, the school may withdraw it.
    days = page.category.display_days
    DisclosurePage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.now() - dt.timedelta(days=days + 1)
    )
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    assert not DisclosurePage.objects.get(pk=page.pk).live
