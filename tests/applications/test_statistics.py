"""Statistics of the applications: the figures on known rows, scoping to what the user
processes, the admin page's SVG charts and tables, the CSV, and a constant query count."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import permissions, statistics
from applications.models import Application, PublicHoliday
from applications.status import Status
from procedures import factories
from procedures.models import Recipient
from sites import factories as school_factories

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/admin/thong-ke-ho-so/"
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
FROM, TO = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
TODAY = datetime.date(2026, 3, 31)


def at(day, hour=9, minute=0):
    return datetime.datetime(2026, *day, hour, minute, tzinfo=HCM)


def make(procedure, *, submitted, status, due, decided=None, name="Nguyễn Văn An"):
    application = factories.submit_application(procedure, name=name)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=submitted, status=status, due_date=due, decided_at=decided
    )
    return application


@pytest.fixture
def two_procedures(catalogue):
    diploma = factories.ProcedurePageFactory(
        parent=catalogue, title="Cấp bản sao văn bằng", handling="here"
    )
    transfer = factories.ProcedurePageFactory(
        parent=catalogue, title="Chuyển trường THPT", handling="here"
    )
    return diploma, transfer


@pytest.fixture
def rows(two_procedures):
    """Seven applications in the first quarter of 2026 (and one just before it)."""
    diploma, transfer = two_procedures
    for day in range(16, 21):  # Tết Bính Ngọ: Monday 16 to Friday 20 February
        PublicHoliday.objects.get_or_create(
            date=datetime.date(2026, 2, day), defaults={"name": "Tết"}
        )
    d = datetime.date
    # Decided on its due date: on time; 3 working days, 3 days and an hour.
    make(diploma, submitted=at((1, 5)), decided=at((1, 8), 10), due=d(2026, 1, 8),
         status=Status.RESULT_ISSUED)  # fmt: skip
    # Decided two days late: 5 working days, 7 calendar days.
    make(diploma, submitted=at((1, 9)), decided=at((1, 16)), due=d(2026, 1, 14),
         status=Status.REJECTED)  # fmt: skip
    # Across Tết: 10 calendar days but a single working day; on time.
    make(transfer, submitted=at((2, 13)), decided=at((2, 23)), due=d(2026, 2, 25),
         status=Status.APPROVED)  # fmt: skip
    # Open and overdue.
    make(diploma, submitted=at((2, 2)), due=d(2026, 2, 5), status=Status.IN_REVIEW)
    # Withdrawn.
    make(transfer, submitted=at((3, 3)), due=d(2026, 3, 6), status=Status.WITHDRAWN)
    # 00:30 on 1 January in Vietnam is still 31 December in UTC: counted in January.
    make(diploma, submitted=at((1, 1), 0, 30), due=d(2026, 4, 30), status=Status.SUBMITTED)
    # 23:30 on 31 December 2025 in Vietnam: outside the period.
    make(diploma, submitted=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=HCM),
         due=d(2026, 1, 6), status=Status.SUBMITTED)  # fmt: skip
    return diploma, transfer


def figures(applications=None, **kwargs):
    return statistics.application_statistics(
        applications=applications if applications is not None else Application.objects.all(),
        date_from=FROM,
        date_to=TO,
        today=TODAY,
        **kwargs,
    )


def counts(rows_):
    return [(row.key, row.count) for row in rows_]


@pytest.mark.django_db
class TestFigures:
    def test_counts_by_status_month_and_procedure(self, rows):
        diploma, transfer = rows
        stats = figures()
        assert stats.summary.total == 6
        assert counts(stats.by_status) == [
            (Status.SUBMITTED, 1),
            (Status.IN_REVIEW, 1),
            (Status.APPROVED, 1),
            (Status.REJECTED, 1),
            (Status.RESULT_ISSUED, 1),
            (Status.WITHDRAWN, 1),
        ]
        assert counts(stats.by_month) == [
            (datetime.date(2026, 1, 1), 3),
            (datetime.date(2026, 2, 1), 2),
            (datetime.date(2026, 3, 1), 1),
        ]
        assert [row.label for row in stats.by_month] == ["01/2026", "02/2026", "03/2026"]
        assert counts(stats.by_definition) == [(diploma.pk, 4), (transfer.pk, 2)]
        assert stats.by_definition[0].label == "Cấp bản sao văn bằng"

    def test_empty_months_are_shown(self, rows):
        stats = statistics.application_statistics(
            applications=Application.objects.all(),
            date_from=datetime.date(2025, 11, 15),
            date_to=datetime.date(2026, 1, 31),
        )
        assert counts(stats.by_month) == [
            (datetime.date(2025, 11, 1), 0),
            (datetime.date(2025, 12, 1), 1),
            (datetime.date(2026, 1, 1), 3),
        ]

    def test_on_time_rate_and_processing_time(self, rows):
        summary = figures().summary
        assert (summary.decided, summary.on_time) == (3, 2)
        assert summary.on_time_rate == pytest.approx(2 / 3)
        assert (summary.open, summary.overdue) == (2, 1)
        # Working days: (3 + 5 + 1) / 3, Tết skipped.
        assert summary.average_working_days == pytest.approx(3)
        # Calendar days: (3 days 1 hour + 7 + 10) / 3.
        assert summary.average_days == pytest.approx((20 + 1 / 24) / 3)

    def test_one_procedure(self, rows):
        diploma, _transfer = rows
        summary = figures(definition=diploma).summary
        assert (summary.total, summary.decided, summary.on_time) == (4, 2, 1)
        assert summary.on_time_rate == pytest.approx(0.5)
        assert summary.average_working_days == pytest.approx(4)

    def test_nothing_decided(self, two_procedures):
        stats = figures()
        assert stats.summary.total == 0 and stats.summary.on_time_rate is None
        assert stats.summary.average_days is None and stats.summary.average_working_days is None
        assert stats.by_status == [] and stats.by_definition == []
        assert [row.count for row in stats.by_month] == [0, 0, 0]

    def test_an_officer_sees_only_their_fields(self, rows, officer_factory):
        diploma, transfer = rows
        officer = officer_factory("canbo_vanbang", diploma.procedure_field)
        stats = figures(permissions.applications_for_user(officer))
        assert stats.summary.total == 4
        assert counts(stats.by_definition) == [(diploma.pk, 4)]
        assert Status.APPROVED not in dict(counts(stats.by_status))  # the transfer's decision
        # Asking for the other field's procedure gives nothing.
        assert (
            figures(permissions.applications_for_user(officer), definition=transfer).summary.total
            == 0
        )

    def test_a_schools_staff_see_only_their_schools_figures(
        self, client, django_user_model, home, catalogue
    ):
        school_factories.SchoolIndexPageFactory(parent=home)
        school_a = school_factories.provision_school("Trường THPT Lê Lợi", "51000101")
        school_b = school_factories.provision_school("Trường THCS Cẩm Thành", "51000201")
        transfer = factories.ProcedurePageFactory(
            parent=catalogue, title="Chuyển trường", handling="here",
            recipient=Recipient.CHOSEN_SCHOOL,
        )  # fmt: skip
        for school, submitted in ((school_a, at((1, 5))), (school_b, at((1, 6))),
                                  (school_b, at((2, 6)))):  # fmt: skip
            application = factories.submit_application(transfer, school=school)
            Application.objects.filter(pk=application.pk).update(submitted_at=submitted)
        clerk = django_user_model.objects.create_user("vanthu_a", password="x")
        clerk.groups.add(school_a.editors_group)
        stats = figures(permissions.applications_for_user(clerk))
        assert stats.summary.total == 1
        assert counts(stats.by_month)[0] == (datetime.date(2026, 1, 1), 1)
        client.force_login(clerk)
        html = client.get(URL, PERIOD).content.decode()
        assert re.search(r'<th scope="row">Chuyển trường</th><td>1</td>', html)

    def test_a_constant_number_of_queries(self, rows, django_assert_num_queries):
        diploma, transfer = rows
        with CaptureQueriesContext(connection) as few:
            figures()
        for day in range(1, 21):
            make(transfer, submitted=at((3, day)), decided=at((3, 25)),
                 due=datetime.date(2026, 3, 24), status=Status.APPROVED)  # fmt: skip
        with django_assert_num_queries(len(few.captured_queries)):
            stats = figures()
        assert stats.summary.total == 26 and len(few.captured_queries) == 6


def charts(html):
    """{chart id: number of bars} of the inline SVG charts."""
    found = {}
    for chart_id, body in re.findall(
        r'<svg [^>]*data-chart="([^"]+)"[^>]*>(.*?)</svg>', html, re.S
    ):
        found[chart_id] = body.count('<rect class="bar"')
    return found


@pytest.mark.django_db
class TestPage:
    def test_renders_svg_charts_and_tables_without_external_files(self, client, rows, admin_user):
        client.force_login(admin_user)
        response = client.get(URL, PERIOD)
        assert response.status_code == 200
        html = response.content.decode()
        assert charts(html) == {"by-month": 3, "by-procedure": 2, "by-status": 6}
        # Each chart is an image with a title, and its figures are in a table too.
        for svg in re.findall(r"<svg [^>]*data-chart[^>]*>", html):
            assert 'role="img"' in svg and "aria-labelledby" in svg
        assert html.count("<title id=") == 3
        assert re.search(r'<th scope="row">01/2026</th><td>3</td>', html)
        assert re.search(r'<th scope="row">Chuyển trường THPT</th><td>2</td>', html)
        assert "66,7 %" in html  # on-time rate, in the Vietnamese number format
        # Nothing is loaded from another site.
        for attribute in re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', html):
            assert attribute.startswith("/") and not attribute.startswith("//"), attribute
        # The charts and tables themselves point nowhere.
        sections = re.findall(r"<section [^>]*>.*?</section>", html, re.S)
        assert len(sections) == 3
        for body in sections:
            assert "http" not in body and "<script" not in body and "url(" not in body

    def test_an_officer_sees_only_their_fields(self, client, rows, officer_factory):
        diploma, _transfer = rows
        client.force_login(officer_factory("canbo_vanbang", diploma.procedure_field))
        html = client.get(URL, PERIOD).content.decode()
        assert charts(html)["by-procedure"] == 1
        assert "Chuyển trường THPT" not in html

    def test_staff_without_a_field_is_turned_away(self, client, rows, officer_factory):
        client.force_login(officer_factory("khong_quyen"))
        for query in (PERIOD, {**PERIOD, "export": "csv"}):
            response = client.get(URL, query)
            assert (response.status_code, response["Location"]) == (302, "/admin/")

    def test_menu_item_beside_the_back_office(self, client, rows, officer_factory):
        diploma, _transfer = rows
        client.force_login(officer_factory("canbo_vanbang", diploma.procedure_field))
        assert URL in client.get("/admin/").content.decode()
        client.force_login(officer_factory("khong_quyen"))
        assert URL not in client.get("/admin/").content.decode()

    def test_a_reversed_period_is_refused(self, client, rows, admin_user):
        client.force_login(admin_user)
        response = client.get(URL, {"date_from": "2026-03-31", "date_to": "2026-01-01"})
        assert response.status_code == 400
        assert 'class="error-message" role="alert"' in response.content.decode()
        assert "data-chart" not in response.content.decode()

    def test_default_period_is_the_last_twelve_months(self, client, rows, admin_user):
        client.force_login(admin_user)
        response = client.get(URL)
        assert response.status_code == 200
        assert charts(response.content.decode())["by-month"] == 12

    def test_csv_has_the_same_figures_and_no_personal_data(self, client, rows, admin_user):
        client.force_login(admin_user)
        response = client.get(URL, {**PERIOD, "export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        assert ["01/2026", "3"] in table and ["03/2026", "1"] in table
        assert ["Cấp bản sao văn bằng", "4"] in table and ["Chuyển trường THPT", "2"] in table
        assert [str(Status.WITHDRAWN.label), "1"] in table
        assert "Nguyễn Văn An" not in text
        assert not any(row and row[0].startswith("HS") for row in table)
