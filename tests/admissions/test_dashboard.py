"""The round's dashboard: figures per school against places, NV1 demand and ratio, per
commune, verification progress, duplicates, places waiting for confirmation, practice apart;
who sees which rows; the SVG charts and their tables; a constant number of queries."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import dashboard, factories, services
from admissions.dashboard import DashboardScope
from admissions.models import Grade, Outcome, Registration, Track
from applications.services import application_transition
from applications.status import Actor, Status
from tests.admissions import season
from tests.conftest import build_home

INDEX = "/admin/tuyen-sinh/so-lieu/"
EVERYTHING = DashboardScope(everything=True)


def url(round_page):
    return f"{INDEX}{round_page.pk}/"


def build_grade_1(index, units):
    """Two schools' plans, registrations in every state, a duplicate, results, practice."""
    ward_a, ward_b, commune = units
    round_page = factories.round_in_phase(index, "open", grade=Grade.GRADE_1)
    school_a = season.plain_school(
        100, unit_row=ward_a, name="Trường Tiểu học Lê Lợi", code="51000101"
    )
    school_b = season.staffed_school(
        101, unit_row=ward_b, name="Trường Tiểu học Trần Phú", code="51000102"
    )
    plan_a = season.plan(round_page, school_a, quota=70, direct=5, catchment=[ward_a])
    plan_b = season.plan(round_page, school_b, quota=35, catchment=[ward_b])
    a, b = season.programme_of(plan_a), season.programme_of(plan_b)

    def reg(programme, unit_row, serial, *statuses, **kwargs):
        registration = season.register(
            round_page, [programme], unit_row=unit_row, serial=serial, **kwargs
        )
        season.verify(registration, *statuses)
        return Registration.objects.get(pk=registration.pk)

    rows = {
        "submitted": reg(a, ward_a, 1),
        "in_review": reg(a, ward_a, 2, *season.REVIEW),
        "supplement": reg(a, ward_a, 3, *season.REVIEW, Status.SUPPLEMENT_REQUESTED),
        "approved": reg(a, commune, 4, *season.REVIEW, Status.APPROVED),
        "refused": reg(a, ward_a, 5, *season.REVIEW, Status.REJECTED),
        "b_approved": reg(b, ward_b, 6, *season.REVIEW, Status.APPROVED),
        "b_submitted": reg(b, ward_b, 7),
    }
    withdrawn = reg(a, ward_a, 8)
    application_transition(
        application=withdrawn.application, to_status=Status.WITHDRAWN, actor=Actor.APPLICANT
    )
    # The child of "submitted" registered again, at the other school: flagged.
    rows["duplicate"] = reg(b, ward_b, 1)
    practice = reg(b, ward_b, 9)
    Registration.objects.filter(pk=practice.pk).update(practice=True)
    season.admit(rows["approved"], a)
    season.admit(rows["b_approved"], b)
    services.registration_confirm(registration=rows["b_approved"])
    services.outcome_set(registration=rows["b_submitted"], programme=None)
    return round_page, school_a, school_b, rows


def build_many(index, ward, *, count, school_year, first):
    """A round with `count` schools, a registration at each, a few verified and admitted,
    a few flagged duplicates: every part of the dashboard has rows."""
    round_page = factories.round_in_phase(
        index, "open", grade=Grade.GRADE_1, school_year=school_year, slug=f"lop-1-{school_year}"
    )
    programmes = [
        season.programme_of(
            season.quick_plan(round_page, season.plain_school(first + n, unit_row=ward))
        )
        for n in range(count)
    ]
    for n, programme in enumerate(programmes):
        registration = season.register(round_page, [programme], unit_row=ward, serial=n + 1)
        if n < 3:
            season.verify(registration, *season.REVIEW, Status.APPROVED)
            season.admit(registration, programme)
            # The same child again at the next school: flagged.
            season.register(round_page, [programmes[(n + 1) % count]], unit_row=ward, serial=n + 1)
    return round_page


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with season.shared_data(django_db_blocker):
        home = build_home()
        index = factories.AdmissionsIndexPageFactory(parent=home)
        units = (
            season.unit("21100", "Nghĩa Lộ"),
            season.unit("21101", "Trần Phú"),
            season.unit("21102", "Tịnh Ấn Tây", "Xã"),
        )
        grade_1 = build_grade_1(index, units)
        yield SimpleNamespace(
            index=index,
            units=units,
            grade_1=grade_1,
            small=build_many(index, units[0], count=3, school_year=2028, first=200),
            big=build_many(index, units[0], count=30, school_year=2029, first=300),
            officer=season.officer(get_user_model()),
            clerk_b=season.school_clerk(get_user_model(), grade_1[2], "vanthu_b"),
            other=season.admin_user_without_admissions(get_user_model()),
        )


@pytest.fixture
def grade_1(data, db):
    return data.grade_1


def by_code(board):
    return {row.code: row for row in board.schools}


@pytest.mark.django_db
class TestFigures:
    def test_per_school_against_places(self, grade_1):
        round_page, school_a, school_b, rows = grade_1
        board = dashboard.round_dashboard(round_page, scope=EVERYTHING)
        a, b = by_code(board)["51000101"], by_code(board)["51000102"]
        # Places are the quota less direct admissions.
        assert (a.quota, a.direct_admissions, a.places) == (70, 5, 65)
        assert (b.quota, b.places) == (35, 35)
        # Counted: active, not practice, neither refused nor withdrawn (nor the duplicate).
        assert (a.registrations, b.registrations) == (4, 2)
        assert (a.first_choice, b.first_choice) == (4, 2)
        assert a.ratio == round(4 / 65, 2) and b.ratio == round(2 / 35, 2)
        totals = board.totals
        assert (totals.places, totals.registrations, totals.first_choice) == (100, 6, 6)
        assert totals.ratio == 0.06

    def test_verification_progress_by_school(self, grade_1):
        round_page, *_rest = grade_1
        board = dashboard.round_dashboard(round_page, scope=EVERYTHING)
        a, b = by_code(board)["51000101"], by_code(board)["51000102"]
        assert a.verification == {
            "submitted": 1,
            "in_review": 1,
            "supplement": 1,
            "approved": 1,
            "refused": 1,
            "withdrawn": 1,
        }
        # The duplicate and the practice registration are not in B's progress.
        assert b.verification["submitted"] == 1 and b.verification["approved"] == 1
        assert b.verification_total == 2
        assert board.totals.verification_done == 4  # 2 approved, 1 refused, 1 withdrawn

    def test_communes_duplicates_confirmation_and_practice(self, grade_1):
        round_page, school_a, school_b, rows = grade_1
        board = dashboard.round_dashboard(round_page, scope=EVERYTHING)
        communes = {row.label: (row.registrations, row.outside_catchment) for row in board.communes}
        assert communes == {
            "Phường Nghĩa Lộ": (3, 0),
            "Phường Trần Phú": (2, 0),
            "Xã Tịnh Ấn Tây": (1, 1),  # lives outside school A's catchment
        }
        assert [row.label for row in board.communes][0] == "Phường Nghĩa Lộ"
        [duplicate] = board.duplicates
        assert duplicate.code == rows["duplicate"].application.code
        assert duplicate.school_name == school_b.name
        assert duplicate.original_code == rows["submitted"].application.code
        assert duplicate.original_school_name == school_a.name
        a, b = by_code(board)["51000101"], by_code(board)["51000102"]
        assert (a.admitted, a.confirmed, b.admitted, b.confirmed, b.not_admitted) == (1, 0, 0, 1, 1)
        assert (a.practice, b.practice, board.totals.practice) == (0, 1, 1)
        assert b.duplicates == 1 and board.totals.duplicates == 1
        assert board.time_left is not None and board.time_left.days >= 20

    def test_released_places_and_the_deadline(self, grade_1):
        round_page, school_a, _school_b, rows = grade_1
        # What services.places_release writes once the deadline has passed.
        Registration.objects.filter(pk=rows["approved"].pk).update(outcome=Outcome.RELEASED)
        board = dashboard.round_dashboard(round_page, scope=EVERYTHING, now=round_page.confirm_by)
        a = by_code(board)["51000101"]
        assert (a.admitted, a.released) == (0, 1)
        assert board.time_left is None

    def test_a_school_sees_only_its_rows(self, grade_1):
        round_page, school_a, school_b, rows = grade_1
        board = dashboard.round_dashboard(
            round_page, scope=DashboardScope(school_ids=frozenset({school_b.pk}))
        )
        assert list(by_code(board)) == ["51000102"]
        assert {row.label for row in board.communes} == {"Phường Trần Phú"}
        assert board.totals.registrations == 2
        # The duplicate made at B is B's to see, with the code of A's registration.
        assert len(board.duplicates) == 1


@pytest.mark.django_db
class TestGrade10:
    def test_ranked_choices_named_at_any_rank(self, data, db, django_assert_num_queries):
        ward_a, ward_b, _commune = data.units
        round_page = factories.round_in_phase(data.index, "open", grade=Grade.GRADE_10)
        schools = [
            season.plain_school(n, unit_row=ward_a if n % 2 else ward_b) for n in range(1, 4)
        ]
        plans = [season.quick_plan(round_page, s, quota=40) for s in schools]
        plans.append(
            season.plan(
                round_page,
                season.plain_school(9, unit_row=ward_b),
                quota=45,
                extra=((Track.SPECIALISED, "Chuyên Toán", 35),),
            )
        )
        first, second, third, chuyen_regular = (season.programme_of(p) for p in plans)
        maths = season.programme_of(plans[3], Track.SPECIALISED)
        season.register(round_page, [first, second, maths], unit_row=ward_a, serial=1)
        season.register(round_page, [first, third], unit_row=ward_a, serial=2)
        season.register(round_page, [second, first, third], unit_row=ward_b, serial=3)
        # Both classes of the specialised school: it is named once.
        season.register(round_page, [chuyen_regular, maths], unit_row=ward_b, serial=4)
        with django_assert_num_queries(9):
            board = dashboard.round_dashboard(round_page, scope=EVERYTHING)
        rows = {row.school_id: row for row in board.schools}
        assert (rows[schools[0].pk].first_choice, rows[schools[0].pk].named) == (2, 3)
        assert (rows[schools[1].pk].first_choice, rows[schools[1].pk].named) == (1, 2)
        assert (rows[schools[2].pk].first_choice, rows[schools[2].pk].named) == (0, 2)
        chuyen = rows[plans[3].school_id]
        assert [
            (p.track, p.label, p.first_choice, p.named, p.places) for p in chuyen.programmes
        ] == [
            (Track.REGULAR, str(Track.REGULAR.label), 1, 1, 45),
            (Track.SPECIALISED, "Chuyên Toán", 2, 2, 35),
        ]
        assert (chuyen.first_choice, chuyen.named, chuyen.places) == (3, 2, 80)
        assert board.ranked and board.totals.registrations == 4


def charts(html):
    """{chart id: number of bars} of the inline SVG charts."""
    return {
        chart_id: body.count('<rect class="bar"')
        for chart_id, body in re.findall(
            r'<svg [^>]*data-chart="([^"]+)"[^>]*>(.*?)</svg>', html, re.S
        )
    }


@pytest.mark.django_db
class TestPage:
    def test_the_department_sees_every_school_with_charts_and_tables(self, client, data, grade_1):
        round_page, school_a, school_b, rows = grade_1
        client.force_login(data.officer)
        response = client.get(url(round_page))
        assert response.status_code == 200
        html = response.content.decode()
        assert school_a.name in html and school_b.name in html
        assert charts(html) == {"demand": 2, "verification": 6, "communes": 3, "confirmation": 3}
        for svg in re.findall(r"<svg [^>]*data-chart[^>]*>", html):
            assert 'role="img"' in svg and "aria-labelledby" in svg
        assert html.count("<title id=") == 4
        # Places drawn as a mark on the demand bars, and in the table that repeats them.
        assert html.count('<line class="mark"') == 2
        assert re.search(rf'<th scope="row">{school_a.name}</th><td>4</td><td>65</td>', html)
        # Figures in the schools' table: quota, direct admissions, places, registrations, NV1.
        row_a = re.search(r'<tr data-school="51000101">(.*?)</tr>', html, re.S).group(1)
        assert re.findall(r"<td>(\d+)</td>", row_a)[:5] == ["70", "5", "65", "4", "4"]
        # Both registrations of the duplicate link to the back office's detail.
        duplicate, original = rows["duplicate"].application, rows["submitted"].application
        assert f'href="/admin/ho-so-truc-tuyen/{duplicate.pk}/"' in html
        assert f'href="/admin/ho-so-truc-tuyen/{original.pk}/"' in html
        # No personal data on the page: codes and schools only.
        assert original.applicant_name not in html
        assert original.applicant_personal_id not in html
        # Nothing loaded from another site, nothing scripted in the charts.
        for body in re.findall(r"<svg .*?</svg>", html, re.S):
            assert "http" not in body and "<script" not in body

    def test_a_school_sees_its_own_rows_only(self, client, data, grade_1):
        round_page, school_a, school_b, rows = grade_1
        client.force_login(data.clerk_b)
        response = client.get(url(round_page))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-school="51000102"' in html and 'data-school="51000101"' not in html
        assert "Phường Nghĩa Lộ" not in html
        # Its own duplicate links to the back office; school A's registration does not.
        assert f'href="/admin/ho-so-truc-tuyen/{rows["duplicate"].application.pk}/"' in html
        assert rows["submitted"].application.code in html
        assert f'href="/admin/ho-so-truc-tuyen/{rows["submitted"].application.pk}/"' not in html
        # Another school's rows are refused with a clear message, not shown.
        response = client.get(url(round_page), {"school": school_a.code})
        assert response.status_code == 400
        assert 'class="help-block help-critical" role="alert"' in response.content.decode()
        assert 'data-school="51000101"' not in response.content.decode()

    def test_the_department_narrows_to_one_school(self, client, data, grade_1):
        round_page, school_a, _school_b, _rows = grade_1
        client.force_login(data.officer)
        html = client.get(url(round_page), {"school": school_a.code}).content.decode()
        assert 'data-school="51000101"' in html and 'data-school="51000102"' not in html
        assert client.get(url(round_page), {"school": "khong-co"}).status_code == 400

    def test_others_are_turned_away(self, client, data, grade_1):
        round_page, *_rest = grade_1
        client.force_login(data.other)
        for address in (INDEX, url(round_page), url(round_page) + "xuat/dang-ky/"):
            response = client.get(address)
            assert (response.status_code, response["Location"]) == (302, "/admin/"), address
        assert INDEX not in client.get("/admin/").content.decode()
        client.logout()
        assert client.get(url(round_page)).status_code == 302  # to the log-in page

    def test_menu_item_for_officers_and_schools(self, client, data, grade_1):
        _round_page, _school_a, school_b, _rows = grade_1
        client.force_login(data.officer)
        assert INDEX in client.get("/admin/").content.decode()
        client.force_login(data.clerk_b)
        assert INDEX in client.get("/admin/").content.decode()

    def test_unknown_round_is_a_404(self, client, data, grade_1):
        client.force_login(data.officer)
        assert client.get(f"{INDEX}999999/").status_code == 404

    def test_the_rounds_per_grade(self, client, data, grade_1):
        round_page, school_a, school_b, rows = grade_1
        client.force_login(data.officer)
        html = client.get(INDEX, {"year": "2027"}).content.decode()
        row = re.search(rf'<tr data-round="{round_page.pk}">(.*?)</tr>', html, re.S).group(1)
        # Places, registrations, NV1, ratio, admitted, confirmed, released, duplicates, practice.
        cells = re.findall(r"<td>([^<]*)</td>", row)
        assert cells[1:] == ["100", "6", "6", "0,06", "1", "1", "0", "1", "1"]
        assert client.get(INDEX, {"year": "abc"}).status_code == 400
        client.force_login(data.clerk_b)
        html = client.get(INDEX, {"year": "2027"}).content.decode()
        row = re.search(rf'<tr data-round="{round_page.pk}">(.*?)</tr>', html, re.S).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row)[1:] == [
            "35", "2", "2", "0,06", "0", "1", "0", "1", "1",
        ]  # fmt: skip


@pytest.mark.django_db
class TestConstantQueries:
    @pytest.mark.parametrize("name,count", [("small", 3), ("big", 30)])
    def test_the_figures_read_seven_queries(self, data, name, count, django_assert_num_queries):
        round_page = getattr(data, name)
        with django_assert_num_queries(7):
            board = dashboard.round_dashboard(round_page, scope=EVERYTHING)
        assert len(board.schools) == count
        assert board.totals.registrations == count
        assert (len(board.duplicates), board.totals.admitted) == (3, 3)

    def test_the_page_reads_as_many_queries_for_3_and_30_schools(
        self, client, data, django_assert_num_queries
    ):
        client.force_login(data.officer)
        client.get(url(data.small))  # warm Wagtail's per-process caches
        with CaptureQueriesContext(connection) as few:
            assert client.get(url(data.small)).status_code == 200
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(url(data.big))
        # Each school in the schools', verification and confirmation tables.
        assert response.content.decode().count('<tr data-school="') == 30 * 3

    def test_the_rounds_per_grade_read_a_constant_number_of_queries(
        self, data, django_assert_num_queries
    ):
        with django_assert_num_queries(6):
            [small] = dashboard.rounds_summary(school_year=2028, scope=EVERYTHING)
        with django_assert_num_queries(6):
            [big] = dashboard.rounds_summary(school_year=2029, scope=EVERYTHING)
        assert (small.registrations, small.places, small.duplicates) == (3, 105, 3)
        assert (big.registrations, big.places, big.admitted) == (30, 1050, 3)
