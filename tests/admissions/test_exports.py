"""The admissions council's Excel lists: the registrations (code, name, date of birth,
gender, commune, NV1..K, priority and incentive claimed, verification status, outcome) and
the admitted pupils; formula-safe cells; a school exports only its own; each export one entry
in the audit log (who, which list, which school, how many rows) and no personal data in logs
or file names."""

import datetime
import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from wagtail.log_actions import registry
from wagtail.models import PageLogEntry

from admissions import factories, services
from admissions.admin.dashboard import EXPORT_ACTION
from admissions.models import Grade, PriorityGroup, Registration, Track
from applications.status import Status
from tests.admissions import season
from tests.conftest import build_home

FORMULA_NAME = '=HYPERLINK("http://evil.example/","Bấm vào đây")'


def export_url(round_page, name):
    return f"/admin/tuyen-sinh/so-lieu/{round_page.pk}/xuat/{name}/"


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """A grade-10 round with ranked choices and a specialised class: two schools, five
    registrations (a formula typed as a name, an admission at NV2, a refusal, a duplicate,
    a practice one)."""
    with season.shared_data(django_db_blocker):
        home = build_home()
        index = factories.AdmissionsIndexPageFactory(parent=home)
        ward_a, ward_b = season.unit("21100", "Nghĩa Lộ"), season.unit("21101", "Trần Phú")
        round_page = factories.round_in_phase(index, "open", grade=Grade.GRADE_10)
        martyr = factories.add_priority_group(round_page, "Con liệt sĩ", 200)
        prize = factories.add_priority_group(
            round_page, "Giải nhất cấp tỉnh", 150, kind=PriorityGroup.Kind.INCENTIVE
        )
        school_a = season.staffed_school(
            6, unit_row=ward_a, name="Trường THPT Lê Khiết", code="51000201"
        )
        school_b = season.plain_school(
            7, unit_row=ward_b, name="Trường THPT Trần Quốc Tuấn", code="51000202"
        )
        plan_a = season.plan(
            round_page, school_a, quota=90, extra=((Track.SPECIALISED, "Chuyên Toán", 35),)
        )
        plan_b = season.plan(round_page, school_b, quota=90)
        a, b = season.programme_of(plan_a), season.programme_of(plan_b)
        maths = season.programme_of(plan_a, Track.SPECIALISED)
        birth = datetime.date(round_page.birth_year, 5, 9)

        formula = season.register(
            round_page,
            [a, b, maths],
            unit_row=ward_a,
            serial=1,
            name=FORMULA_NAME,
            birth_date=birth,
            priority_group=martyr,
        )
        Registration.objects.filter(pk=formula.pk).update(incentive_group=prize)
        season.verify(formula, *season.REVIEW, Status.APPROVED)
        season.admit(formula, a)
        services.registration_confirm(registration=formula)
        second = season.register(
            round_page, [b, a], unit_row=ward_b, serial=2, name="Trần Thị Bình", female=True
        )
        season.admit(second, a)  # at its second choice
        refused = season.register(round_page, [a], unit_row=ward_a, serial=3, name="Lê Văn Cường")
        season.verify(refused, *season.REVIEW, Status.REJECTED)
        # The child of "second" again, now at school A: flagged.
        duplicate = season.register(
            round_page, [a], unit_row=ward_a, serial=2, name="Trần Thị Bình", female=True
        )
        practice = season.register(round_page, [a], unit_row=ward_a, serial=4, name="Tập Dượt")
        Registration.objects.filter(pk=practice.pk).update(practice=True)
        users = get_user_model()
        yield SimpleNamespace(
            round=round_page,
            school_a=school_a,
            school_b=school_b,
            formula=Registration.objects.get(pk=formula.pk),
            second=Registration.objects.get(pk=second.pk),
            refused=Registration.objects.get(pk=refused.pk),
            duplicate=Registration.objects.get(pk=duplicate.pk),
            officer=season.officer(users),
            clerk_a=season.school_clerk(users, school_a, "vanthu_a"),
            other=season.admin_user_without_admissions(users),
        )


def sheet_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    main = workbook.worksheets[0]
    rows = [[cell.value for cell in row] for row in main.iter_rows()]
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    return main, rows[0], rows[1:], about


@pytest.mark.django_db
class TestRegistrations:
    def test_a_school_exports_its_own_registrations(self, client, data):
        client.force_login(data.clerk_a)
        main, header, rows, about = sheet_of(client.get(export_url(data.round, "dang-ky")))
        codes = [row[0] for row in rows]
        # Its registrations (the refused one and the flagged duplicate too), not B's, not the
        # practice one.
        assert sorted(codes) == sorted(
            r.application.code for r in (data.formula, data.refused, data.duplicate)
        )
        assert header[7:11] == ["NV1", "NV2", "NV3", str(Track.SPECIALISED.label)]
        row = dict(zip(header, rows[codes.index(data.formula.application.code)], strict=True))
        assert row["NV1"] == str(
            season.programme_of(data.formula.round.plans.get(school=data.school_a))
        )
        assert row["NV2"] == data.school_b.name and row["NV3"] is None
        assert row[str(Track.SPECIALISED.label)].endswith("Chuyên Toán")
        # What the list is, on a sheet of its own: the round, the school, the rows.
        assert data.round.title in about.values() and data.school_a.name in about.values()
        assert 3 in about.values()

    def test_cells_are_formula_safe_and_dates_are_dates(self, client, data):
        client.force_login(data.officer)
        main, header, rows, _about = sheet_of(
            client.get(export_url(data.round, "dang-ky"), {"school": data.school_a.code})
        )
        codes = [row[0] for row in rows]
        index = codes.index(data.formula.application.code) + 2  # 1-based, after the header
        name = main.cell(row=index, column=3)
        assert name.value == "'" + FORMULA_NAME and name.data_type == "s"
        born = main.cell(row=index, column=4)
        assert born.value == datetime.datetime(data.round.birth_year, 5, 9)
        assert born.number_format == "DD/MM/YYYY"
        # No cell anywhere is a formula.
        assert all(cell.data_type != "f" for row in main.iter_rows() for cell in row)

    def test_the_columns_the_council_needs(self, client, data):
        client.force_login(data.officer)
        _main, header, rows, _about = sheet_of(client.get(export_url(data.round, "dang-ky")))
        assert len(rows) == 4  # every school: A's three and B's one; no practice
        cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        formula = list(cells[data.formula.application.code].values())
        assert "Con liệt sĩ (+2)" in formula and "Giải nhất cấp tỉnh (+1,5)" in formula
        assert str(Status.APPROVED.label) in formula
        second = list(cells[data.second.application.code].values())
        assert data.school_b.name in second and "Phường Trần Phú" in second
        duplicate = list(cells[data.duplicate.application.code].values())
        assert duplicate[-1] == data.second.application.code  # duplicate of
        refused = list(cells[data.refused.application.code].values())
        assert str(Status.REJECTED.label) in refused

    def test_another_schools_list_is_refused(self, client, data):
        client.force_login(data.clerk_a)
        response = client.get(export_url(data.round, "dang-ky"), {"school": data.school_b.code})
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert not PageLogEntry.objects.filter(action=EXPORT_ACTION).exists()
        client.force_login(data.other)
        response = client.get(export_url(data.round, "dang-ky"))
        assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.django_db
class TestAdmitted:
    def test_the_admitted_list(self, client, data):
        client.force_login(data.clerk_a)
        _main, header, rows, _about = sheet_of(client.get(export_url(data.round, "trung-tuyen")))
        codes = [row[0] for row in rows]
        # Admitted to A: the first registration (confirmed) and B's at its NV2.
        assert sorted(codes) == sorted(
            [data.formula.application.code, data.second.application.code]
        )
        second = dict(zip(header, rows[codes.index(data.second.application.code)], strict=True))
        assert "NV2" in second.values() and "Trần Thị Bình" in second.values()
        formula = dict(zip(header, rows[codes.index(data.formula.application.code)], strict=True))
        assert "NV1" in formula.values()
        assert any(isinstance(v, datetime.datetime) for v in formula.values())  # confirmed at

    def test_school_b_admitted_nobody(self, client, data):
        client.force_login(data.officer)
        _main, _header, rows, about = sheet_of(
            client.get(export_url(data.round, "trung-tuyen"), {"school": data.school_b.code})
        )
        assert rows == []


@pytest.mark.django_db
class TestAudit:
    def test_each_export_is_one_audit_entry_without_data(self, client, data, caplog):
        client.force_login(data.clerk_a)
        with caplog.at_level(logging.DEBUG):
            response = client.get(export_url(data.round, "dang-ky"))
            client.get(export_url(data.round, "trung-tuyen"))
        entries = PageLogEntry.objects.filter(action=EXPORT_ACTION).order_by("pk")
        assert [(e.page_id, e.user_id, e.data) for e in entries] == [
            (data.round.pk, data.clerk_a.pk, {"list": "registrations", "schools": ["51000201"], "rows": 3}),
            (data.round.pk, data.clerk_a.pk, {"list": "admitted", "schools": ["51000201"], "rows": 2}),
        ]  # fmt: skip
        personal = [
            FORMULA_NAME,
            "Trần Thị Bình",
            "Lê Văn Cường",
            data.formula.child_personal_id,
            data.formula.application.code,
            data.formula.application.applicant_phone,
        ]
        logged = json.dumps([e.data for e in entries], ensure_ascii=False) + caplog.text
        for value in personal:
            assert value not in logged
        # The file name says what the list is, never whom it is about.
        disposition = response["Content-Disposition"]
        assert disposition == (
            'attachment; filename="tuyen-sinh-lop-10-2027-dang-ky-51000201.xlsx"'
        )
        assert "no-store" in response["Cache-Control"]

    def test_the_department_exports_every_school(self, client, data):
        client.force_login(data.officer)
        response = client.get(export_url(data.round, "dang-ky"))
        assert "tat-ca" in response["Content-Disposition"]
        entry = PageLogEntry.objects.get(action=EXPORT_ACTION)
        assert entry.data == {"list": "registrations", "schools": "all", "rows": 4}
        # The action is registered: the round's history shows it with its label.
        assert registry.action_exists(EXPORT_ACTION)
        assert (
            entry.message == "Exported an admissions list (registrations or admitted pupils)"
            or (not entry.message.startswith("Unknown"))
        )
