"""The fleet dashboard: which schools lack sections, publish nothing or wait for moderation."""

import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from calendars.factories import EventPageFactory
from calendars.models import CalendarIndexPage
from disclosures.factories import DisclosurePageFactory
from disclosures.models import DisclosureCategory, DisclosureIndexPage
from disclosures.schedule import school_year_of
from legaldocs.factories import LegalDocumentPageFactory
from legaldocs.models import DocumentLibraryPage
from organisation.factories import person, unit
from organisation.models import OrganisationPage, StaffDirectoryPage
from portal.factories import NewsArticlePageFactory, paragraph
from portal.models import ContactFormField, NewsIndexPage
from questions.models import QuestionsPage
from sites import factories
from sites.fleet import EMPTY, MISSING, UNPUBLISHED, fleet_rows, fleet_summary
from sites.models import School, SchoolSectionPage
from sites.sections import REQUIRED_SECTIONS
from sites.views import fleet as views

FLEET_URL = "/admin/fleet/"
ALL_KINDS = {section.kind for section in REQUIRED_SECTIONS}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def complete(school):
    """Give every required section of the school some content, its news an article and its
    disclosures one page per category for the current school year."""
    for child in school.home_page.get_children().specific():
        if isinstance(child, SchoolSectionPage):
            child.intro = f"Nội dung mục {child.title}."
            publish(child)
        elif isinstance(child, NewsIndexPage):
            publish(NewsArticlePageFactory(parent=child, title=f"Tin của {school.name}"))
        elif isinstance(child, CalendarIndexPage):
            publish(EventPageFactory(parent=child, title=f"Sự kiện của {school.name}"))
        elif isinstance(child, DocumentLibraryPage):
            LegalDocumentPageFactory(parent=child, title=f"Kế hoạch năm học của {school.name}")
        elif isinstance(child, OrganisationPage | StaffDirectoryPage):
            child.units = [unit("Ban Giám hiệu", people=[person("Lê Văn Hải", "Hiệu trưởng")])]
            publish(child)
        elif isinstance(child, QuestionsPage):
            child.body = [paragraph("<p>Gửi câu hỏi về tuyển sinh, học phí.</p>")]
            publish(child)
        elif isinstance(child, DisclosureIndexPage):
            for category in DisclosureCategory.objects.all():
                publish(DisclosurePageFactory(parent=child, category=category, title=category.name))
    return school


def section(school, slug):
    return school.home_page.get_children().get(slug=slug).specific


def row_of(school, **filters):
    rows = [row for row in fleet_rows(**filters) if row.school.pk == school.pk]
    assert len(rows) == 1, rows
    return rows[0]


def kinds(problems):
    return {problem.kind for problem in problems}


def names(rows):
    return [row.school.name for row in rows]


@pytest.fixture
def schools(two_schools):
    complete_school, fresh_school = two_schools
    complete(complete_school)
    return complete_school, fresh_school


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("so-admin", "admin@example.com", "x")


def editor_of(school, django_user_model, username="giao-vien"):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "x")
    user.groups.add(school.editors_group)
    return user


# --------------------------------------------------------------------------- computation


def test_complete_school_has_no_problems(schools):
    complete_school, _ = schools
    row = row_of(complete_school)
    assert row.missing == []
    assert row.empty == []
    assert row.home_live
    assert row.problems == 0 and not row.has_problems
    assert row.pending == 0
    assert row.stale is False
    assert row.last_published > timezone.now() - timedelta(minutes=5)
    assert row.days_since_publication == 0


def test_freshly_provisioned_school_has_empty_sections_and_never_published(schools):
    _, fresh = schools
    row = row_of(fresh)
    assert row.missing == []
    # Sections start empty; the contact page comes with its form fields and the introduction
    # with what the school record says.
    assert kinds(row.empty) == ALL_KINDS - {"contact", "introduction"}
    assert {problem.problem for problem in row.empty} == {EMPTY}
    assert row.last_published is None
    assert row.stale is True


def test_deleted_section_is_missing(schools):
    school, _ = schools
    section(school, "gioi-thieu").delete()
    row = row_of(school)
    assert [(p.kind, p.problem) for p in row.missing] == [("introduction", MISSING)]
    assert row.problems == 1


def test_unpublished_section_is_missing(schools):
    school, _ = schools
    section(school, "cong-khai").unpublish()
    row = row_of(school)
    assert [(p.kind, p.problem) for p in row.missing] == [("disclosures", UNPUBLISHED)]
    assert row.empty == []


def test_deleted_news_index_and_contact_page_are_missing(schools):
    school, _ = schools
    section(school, "tin-tuc").delete()
    section(school, "lien-he").delete()
    assert kinds(row_of(school).missing) == {"news", "contact"}


def test_emptied_section_is_empty_but_a_body_alone_is_content(schools):
    school, _ = schools
    intro = section(school, "gioi-thieu")
    intro.intro = "   "
    intro.body = []
    publish(intro)
    admissions = section(school, "tuyen-sinh")
    admissions.intro = ""
    admissions.body = [paragraph("<p>Thông báo tuyển sinh lớp 1.</p>")]
    publish(admissions)
    row = row_of(school)
    assert [(p.kind, p.problem) for p in row.empty] == [("introduction", EMPTY)]
    assert row.missing == []


def test_news_without_live_article_and_contact_without_fields_are_empty(schools):
    school, _ = schools
    news = section(school, "tin-tuc")
    for article in news.get_children():
        article.specific.unpublish()
    publish(NewsArticlePageFactory(parent=news, title="Bản nháp")).unpublish()  # a draft
    ContactFormField.objects.filter(page=section(school, "lien-he")).delete()
    assert kinds(row_of(school).empty) == {"news", "contact"}


def test_home_page_not_live_is_a_problem(schools):
    school, _ = schools
    Page.objects.filter(pk=school.home_page_id).update(live=False)
    row = row_of(school)
    assert not row.home_live
    assert row.problems == 1


def test_pending_moderation_is_counted_per_school(schools, django_user_model):
    school, other = schools
    editor = editor_of(school, django_user_model)
    for slug in ("gioi-thieu", "tuyen-sinh"):
        page = section(school, slug)
        page.intro = "Bản sửa chờ duyệt."
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 2
    assert row_of(school).pending == 2
    assert row_of(other).pending == 0
    # Moderation finished → no longer pending.
    WorkflowState.objects.update(status=WorkflowState.STATUS_APPROVED)
    assert row_of(school).pending == 0


def test_staleness_follows_the_threshold_and_the_setting(schools, settings):
    school, _ = schools
    forty_days_ago = timezone.now() - timedelta(days=40)
    Page.objects.filter(path__startswith=school.home_page.path).update(
        last_published_at=forty_days_ago
    )
    row = row_of(school)
    assert row.stale is True
    assert row.days_since_publication == 40
    assert row.last_published == forty_days_ago
    assert row_of(school, stale_days=60).stale is False
    settings.FLEET_STALE_DAYS = 45
    assert row_of(school).stale is False


def test_last_published_ignores_pages_that_are_no_longer_live(schools):
    school, _ = schools
    old = timezone.now() - timedelta(days=100)
    Page.objects.filter(path__startswith=school.home_page.path).update(last_published_at=old)
    recent = section(school, "van-ban")
    Page.objects.filter(pk=recent.pk).update(last_published_at=timezone.now(), live=False)
    assert row_of(school).last_published == old


# --------------------------------------------------------------------------- filters, sorting


@pytest.fixture
def varied(schools):
    """Two more schools in other units, levels and types; one of them archived."""
    complete_school, fresh = schools
    other_unit = factories.AdministrativeUnitFactory(name="Xã Tịnh Khê")
    upper = factories.SchoolLevelFactory(code="C3", name="Trung học phổ thông", sort_order=3)
    private = factories.SchoolTypeFactory(code="tu-thuc", name="Tư thục")
    upper_school = factories.provision_school(
        "Trường THPT Ánh Dương", "51000301", unit=other_unit, levels=[upper], school_type=private
    )
    archived = factories.provision_school("Trường Mầm non Hoa Sen", "51000401")
    School.objects.filter(pk=archived.pk).update(status=School.Status.ARCHIVED)
    return complete_school, fresh, upper_school, archived, other_unit, upper, private


def test_filters(varied):
    complete_school, fresh, upper_school, archived, unit, upper, private = varied
    assert set(names(fleet_rows())) == {complete_school.name, fresh.name, upper_school.name}
    assert names(fleet_rows(status="archived")) == [archived.name]
    assert len(fleet_rows(status="all")) == 4
    assert names(fleet_rows(unit=unit)) == [upper_school.name]
    assert names(fleet_rows(level=upper)) == [upper_school.name]
    assert names(fleet_rows(school_type=private)) == [upper_school.name]
    assert names(fleet_rows(has_problems=False)) == [complete_school.name]
    assert set(names(fleet_rows(has_problems=True))) == {fresh.name, upper_school.name}
    assert names(fleet_rows(stale=False)) == [complete_school.name]
    assert set(names(fleet_rows(stale=True))) == {fresh.name, upper_school.name}
    # Name search ignores diacritics and case; codes match too.
    assert names(fleet_rows(query="anh duong")) == [upper_school.name]
    assert names(fleet_rows(query="51000201")) == [fresh.name]


def test_unit_filter_includes_child_units(varied):
    _, _, upper_school, _, unit, _, _ = varied
    commune = factories.AdministrativeUnitFactory(name="Xã Con", code="U-CHILD")
    commune.parent = unit
    commune.save()
    School.objects.filter(pk=upper_school.pk).update(administrative_unit=commune)
    assert names(fleet_rows(unit=unit)) == [upper_school.name]


def test_sorting(varied):
    complete_school, fresh, upper_school, *_ = varied
    # Vietnamese order, diacritics folded: "THCS Cẩm…" < "THPT Ánh…" < "Tiểu học…".
    by_name = names(fleet_rows(sort="name"))
    assert by_name == [fresh.name, upper_school.name, complete_school.name]
    assert names(fleet_rows(sort="-name")) == list(reversed(by_name))
    assert names(fleet_rows(sort="code")) == [complete_school.name, fresh.name, upper_school.name]
    assert names(fleet_rows(sort="-code"))[0] == upper_school.name
    # Never published first when oldest first; the complete school published last.
    assert names(fleet_rows(sort="-last_published"))[0] == complete_school.name
    assert names(fleet_rows(sort="last_published"))[-1] == complete_school.name
    assert names(fleet_rows(sort="problems"))[0] == complete_school.name
    assert names(fleet_rows(sort="-stale"))[-1] == complete_school.name
    with pytest.raises(ValueError):
        fleet_rows(sort="password")


def test_summary(varied):
    # Mid-October of the current school year: the categories due on 30/9 are late where
    # nothing was published (the two schools other than the complete one).
    first_year = int(school_year_of(timezone.localdate())[:4])
    october = timezone.make_aware(datetime.datetime(first_year, 10, 15, 12))
    rows = fleet_rows(now=october)
    assert fleet_summary(rows) == {
        "schools": 3,
        "with_problems": 2,
        "stale": 2,
        "pending": 0,
        "schools_with_pending": 0,
        "disclosures_late": 2,
    }


# --------------------------------------------------------------------------- the admin view


def test_superuser_sees_the_dashboard_and_the_menu_item(client, schools, superuser):
    complete_school, fresh = schools
    client.force_login(superuser)
    response = client.get(FLEET_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert complete_school.name in html and fresh.name in html
    assert reverse("wagtailadmin_explore", args=[fresh.home_page_id]) in html
    assert response.context["summary"]["with_problems"] == 1
    dashboard = client.get("/admin/").content.decode()
    assert FLEET_URL in dashboard


def test_dashboard_buttons_are_labelled_and_rows_stay_short(client, schools, superuser):
    """The filter and export buttons are text (their icons swallowed the labels), and the
    lists of empty sections and unpublished disclosures open behind a count."""
    from bs4 import BeautifulSoup

    _complete, fresh = schools
    client.force_login(superuser)
    html = BeautifulSoup(client.get(FLEET_URL).content, "html.parser")
    form = html.select_one("form.fleet-filters")
    buttons = form.select("button.button, a.button")
    assert [button.select("svg") for button in buttons] == [[] for _ in buttons]
    assert all(button.get_text(strip=True) for button in buttons)
    row = next(tr for tr in html.select("tbody tr") if fresh.name in tr.get_text())
    detail = row.select_one("details.fleet-detail")
    assert detail is not None and detail.select_one("summary").get_text(strip=True)


def test_school_editor_is_denied(client, schools, django_user_model):
    school, _ = schools
    editor = editor_of(school, django_user_model)
    client.force_login(editor)
    response = client.get(FLEET_URL)
    assert response.status_code == 403
    assert school.name not in response.content.decode()
    assert client.get(FLEET_URL + "?export=csv").status_code == 403
    assert FLEET_URL not in client.get("/admin/").content.decode()


def test_staff_with_the_view_school_permission_may_see_it(client, schools, django_user_model):
    staff = django_user_model.objects.create_user("chuyen-vien", "cv@example.com", "x")
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_school", content_type__app_label="school_sites"),
    )
    client.force_login(staff)
    assert client.get(FLEET_URL).status_code == 200


def test_anonymous_is_sent_to_login(client, schools):
    response = client.get(FLEET_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_view_filters_sorting_and_pagination(client, varied, superuser, monkeypatch):
    complete_school, fresh, upper_school, *_ = varied
    client.force_login(superuser)
    response = client.get(FLEET_URL, {"problems": "no"})
    assert [row.school for row in response.context["rows"]] == [complete_school]
    response = client.get(FLEET_URL, {"school_type": upper_school.school_type_id})
    assert [row.school for row in response.context["rows"]] == [upper_school]
    response = client.get(FLEET_URL, {"sort": "-code"})
    assert [row.school for row in response.context["rows"]][0] == upper_school
    active = next(column for column in response.context["columns"] if column["active"])
    assert active["key"] == "code" and active["descending"]
    assert "sort=code" in active["url"]  # clicking again sorts ascending

    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get(FLEET_URL, {"sort": "code"})
    second = client.get(FLEET_URL, {"sort": "code", "p": 2})
    assert [row.school for row in first.context["rows"]] == [complete_school, fresh]
    assert [row.school for row in second.context["rows"]] == [upper_school]
    assert "p=2" in first.content.decode()
    assert client.get(FLEET_URL, {"p": 3}).status_code == 404


def test_stale_days_can_be_overridden_in_the_view(client, schools, superuser):
    school, _ = schools
    Page.objects.filter(path__startswith=school.home_page.path).update(
        last_published_at=timezone.now() - timedelta(days=40)
    )
    client.force_login(superuser)
    stale = client.get(FLEET_URL, {"stale": "yes"}).context["rows"]
    assert school in [row.school for row in stale]
    fresh_enough = client.get(FLEET_URL, {"stale": "yes", "stale_days": 90}).context["rows"]
    assert school not in [row.school for row in fresh_enough]


@pytest.mark.parametrize(
    "params",
    [
        {"stale_days": "abc"},
        {"stale_days": "0"},
        {"sort": "password"},
        {"unit": "999999"},
        {"school_year": "2025-2027"},
        {"disclosures": "everything"},
    ],
)
def test_bad_filters_get_400_with_a_message(client, schools, superuser, params):
    client.force_login(superuser)
    response = client.get(FLEET_URL, params)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()


def test_csv_export(client, varied, superuser):
    complete_school, fresh, upper_school, *_ = varied
    section(fresh, "gioi-thieu").unpublish()
    client.force_login(superuser)
    response = client.get(FLEET_URL, {"export": "csv", "sort": "code"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fleet-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, data = rows[0], rows[1:]
    assert len(header) == 17
    assert [row[1] for row in data] == [s.code for s in (complete_school, fresh, upper_school)]
    first, second = data[0], data[1]
    assert first[0] == complete_school.name
    assert first[8] == "" and first[9] == "" and first[14] == "0"
    assert first[10].startswith(timezone.localdate().isoformat())
    assert "(" in second[8]  # the unpublished introduction is flagged
    assert second[10] == "" and second[14] != "0"

    filtered = client.get(FLEET_URL, {"export": "csv", "problems": "no"})
    lines = filtered.content.decode("utf-8").strip().splitlines()
    assert len(lines) == 2 and complete_school.code in lines[1]


def test_csv_cells_cannot_start_a_formula(client, schools, superuser):
    school, _ = schools
    School.objects.filter(pk=school.pk).update(name='=HYPERLINK("http://evil")')
    client.force_login(superuser)
    body = client.get(FLEET_URL, {"export": "csv", "sort": "code"}).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[1][0].startswith("'=")


# --------------------------------------------------------------------------- query count


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_schools(
    client, schools, superuser, django_user_model
):
    complete_school, fresh = schools
    editor = editor_of(complete_school, django_user_model)
    page = section(complete_school, "gioi-thieu")
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    client.force_login(superuser)

    def compute():
        rows = fleet_rows(status="all")
        fleet_summary(rows)
        for row in rows:  # everything the template and the CSV read
            _ = (row.level_names, row.school_type_name, str(row.school.administrative_unit))
            _ = (row.school.url, row.problems, [p.label for p in row.missing + row.empty])

    def csv_export():
        assert client.get(FLEET_URL, {"export": "csv", "status": "all"}).status_code == 200

    def html():
        assert client.get(FLEET_URL, {"status": "all"}).status_code == 200

    compute(), csv_export(), html()  # warm the caches (content types, site root paths)
    with_two = (_queries(compute), _queries(csv_export), _queries(html))
    assert len(fleet_rows(status="all")) == 2

    levels = [factories.SchoolLevelFactory(code=f"C{n}", name=f"Cấp {n}") for n in range(3)]
    for n in range(8):
        school = factories.provision_school(
            f"Trường số {n}", f"5100090{n}", levels=levels[: 1 + n % 3]
        )
        if n % 2:
            complete(school)
            article = NewsArticlePageFactory(parent=section(school, "tin-tuc"))
            article.save_revision(user=editor)
            article.get_workflow().start(article, editor)
        if n == 3:
            School.objects.filter(pk=school.pk).update(status=School.Status.ARCHIVED)
    assert len(fleet_rows(status="all")) == 10

    with_ten = (_queries(compute), _queries(csv_export), _queries(html))
    assert with_ten == with_two
    # A few queries, plus at most two per page type that holds required sections.
    assert with_two[0] <= 4 + 2 * len({s.page_type for s in REQUIRED_SECTIONS})


# --------------------------------------------------------------------------- moderation at scale


def test_reviewable_task_states_match_wagtail_and_do_not_grow(
    client, schools, django_user_model, superuser
):
    """sites.hooks.fleet replaces Wagtail's reviewable_by (one query and one queryset OR per
    approval task, i.e. per school) with an equivalent that makes a constant number."""
    from wagtail.models import TaskState

    school, other = schools
    editor = editor_of(school, django_user_model)
    moderator = django_user_model.objects.create_user("hieu-truong", "ht@example.com", "x")
    moderator.groups.add(school.moderators_group)
    other_moderator = django_user_model.objects.create_user("ht-khac", "htk@example.com", "x")
    other_moderator.groups.add(other.moderators_group)
    for target in (school, other):
        page = section(target, "tuyen-sinh")
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    expected = {}
    for user in (superuser, moderator, other_moderator, editor):
        original = TaskState.objects.wagtail_reviewable_by(user)
        expected[user.username] = ids(original)
        assert ids(TaskState.objects.reviewable_by(user)) == expected[user.username]
    assert len(expected["so-admin"]) == 2
    assert len(expected["hieu-truong"]) == 1 and expected["hieu-truong"] != expected["ht-khac"]
    assert expected["giao-vien"] == set()

    client.force_login(moderator)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Tuyển sinh" in dashboard.content.decode()

    def count(user):
        with CaptureQueriesContext(connection) as captured:
            list(TaskState.objects.reviewable_by(user))
        return len(captured)

    before = (count(superuser), count(moderator))
    for n in range(3):
        factories.provision_school(f"Trường thêm {n}", f"5100080{n}")
    assert (count(superuser), count(moderator)) == before
