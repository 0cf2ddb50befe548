"""Import of pupils from the education database: files, checks, idempotence, scope, the
background job with its progress page, the listing and its audit log, the command."""

import datetime
import time
import uuid

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from admissions import ids, pupil_jobs
from admissions.models import Pupil, PupilCorrection, Stage
from admissions.pupil_access import pupil_scope
from admissions.pupils_import import ImportFileError, pupils_import, read_pupils_file
from applications.storage import private_storage

from .pupils_helpers import (
    HEADER,
    csv_bytes,
    officer,
    other_admin,
    row,
    school_staff,
    two_schools,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and import jobs live in the cache: each test starts without any.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def schools(home):
    return two_schools()


def run(data, *, stage=Stage.PRESCHOOL, year=2027, **kwargs):
    return pupils_import(sheet=read_pupils_file(data=data), stage=stage, school_year=year, **kwargs)


def test_a_large_csv_imports_once_then_changes_nothing_then_updates_a_changed_row(schools):
    rows = [row(n) for n in range(1, 3001)]
    data = csv_bytes(rows)
    started = time.perf_counter()
    first = run(data)
    seconds = time.perf_counter() - started
    print(f"\nimport of 3,000 new rows: {seconds:.2f} s, {3000 / seconds:.0f} rows/s")
    assert first.ok and first.written
    assert (first.created, first.updated, first.unchanged) == (3000, 0, 0)
    assert Pupil.objects.filter(school_year=2027).count() == 3000
    pupil = Pupil.objects.get(student_code="HS00000007")
    assert pupil.full_name == "Nguyễn Văn Học 7"
    assert pupil.gender == "female"
    assert pupil.current_school == schools[0]
    assert pupil.current_school_name == schools[0].name  # the portal's name of the school
    assert pupil.unit.code == "21100"
    stamp = pupil.updated_at

    started = time.perf_counter()
    second = run(data)
    seconds = time.perf_counter() - started
    print(f"re-import of the same 3,000 rows: {seconds:.2f} s, {3000 / seconds:.0f} rows/s")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3000)
    pupil.refresh_from_db()
    assert pupil.updated_at == stamp  # not even touched

    rows[6][1] = "Nguyễn Thị Học Bảy"
    rows[6][7] = "Tịnh Khê"  # the commune by its name this time
    third = run(csv_bytes(rows))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2999)
    pupil.refresh_from_db()
    assert pupil.full_name == "Nguyễn Thị Học Bảy"
    assert pupil.unit.code == "21200"
    assert Pupil.objects.count() == 3000


def test_excel_files_with_date_cells_and_number_cells_import(schools):
    birth = datetime.date(2020, 5, 9)
    values = row(1, birth=birth, female=False)
    values[2] = datetime.datetime(2020, 5, 9)  # a date cell
    values[4] = int(values[4])  # a number cell: Excel dropped the leading zero of 051…
    iso = row(2)
    iso[2] = "2021-03-03"
    iso[4] = ids.example_id(birth_date=datetime.date(2021, 3, 3), female=False, serial=2)
    rows = [values, iso] + [row(n) for n in range(3, 401)]
    report = run(xlsx_bytes(rows))
    assert report.ok, report.errors[:3]
    assert report.created == 400
    pupil = Pupil.objects.get(student_code="HS00000001")
    assert pupil.birth_date == birth
    assert pupil.personal_id.startswith("051") and len(pupil.personal_id) == 12
    assert Pupil.objects.get(student_code="HS00000002").birth_date == datetime.date(2021, 3, 3)


def test_a_file_with_errors_writes_nothing_and_names_line_column_and_problem(schools):
    rows = [row(n) for n in range(1, 11)]
    rows[2][2] = "31/02/2021"  # line 4
    rows[3][3] = "Trai"  # line 5
    rows[4][4] = "051" + "2" + rows[4][4][4:]  # line 6: a girl; the gender digit says boy
    rows[5][0] = rows[0][0]  # line 7: the same student code as line 2
    rows[6][5], rows[6][6] = "99999999", ""  # line 8: unknown school, no name
    rows[7][7] = "Không Tồn Tại"  # line 9: no such commune
    rows[8][4] = "12345"  # line 10: too short
    report = run(csv_bytes(rows))
    assert not report.written
    assert Pupil.objects.count() == 0
    assert report.failed_rows == 7
    found = {(e.line, e.column): e.message for e in report.errors}
    assert "31/02/2021" in found[(4, "Ngày sinh")]
    assert found[(5, "Giới tính")] == _("Write the gender as “Nam” or “Nữ”.")
    assert found[(6, "Mã định danh")] == _(
        "The 4th digit of the personal ID number does not match the gender: check the "
        "number and the gender."
    )
    assert found[(7, "Mã học sinh")] == _(
        "Student code %(code)s is already on line %(line)s of this file."
    ) % {"code": "HS00000001", "line": 2}
    assert "99999999" in found[(8, "Mã trường")]
    assert "Không Tồn Tại" in found[(9, "Xã/phường")]
    assert found[(10, "Mã định danh")] == _("The personal ID number has exactly 12 digits.")

    valid = run(csv_bytes(rows), valid_only=True)
    assert valid.written and valid.created == 3 and valid.failed_rows == 7
    assert Pupil.objects.count() == 3


def test_an_unknown_school_code_keeps_the_name_given(schools):
    values = row(1, school_code="51009999", school_name="Trường Mầm non Ngoài Tỉnh")
    report = run(csv_bytes([values]))
    assert report.ok
    pupil = Pupil.objects.get()
    assert pupil.current_school is None
    assert pupil.current_school_name == "Trường Mầm non Ngoài Tỉnh"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        ("Mã học sinh,Họ và tên\nHS1,A\n".encode(), "Ngày sinh"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        ("Mã học sinh;Tên".encode("utf-16"), "UTF-8"),
        (b"PK\x03\x04not a zip", "Excel"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data, expected):
    with pytest.raises(ImportFileError) as problem:
        read_pupils_file(data=data)
    assert expected in str(problem.value) or str(problem.value) == _(expected)


def test_semicolon_csv_and_english_headers(schools):
    english = [
        "student_code",
        "full_name",
        "birth_date",
        "gender",
        "personal_id",
        "school_code",
        "school_name",
        "unit",
    ]
    report = run(csv_bytes([row(1), row(2)], header=english, delimiter=";"))
    assert report.ok and report.created == 2


def test_school_staff_import_only_their_own_pupils(schools, django_user_model):
    staff = school_staff(django_user_model, schools[0], "gv-hoasen")
    scope = pupil_scope(staff)
    assert not scope.province and scope.school_ids == {schools[0].pk}
    rows = [row(1), row(2, school_code="51000302"), row(3)]
    report = run(csv_bytes(rows), school_ids=scope.school_ids, valid_only=True)
    assert report.created == 2 and report.failed_rows == 1
    assert report.errors[0].line == 3
    assert report.errors[0].message == _(
        "This pupil is not at your school: only the department imports them."
    )
    # A known pupil of the other school cannot be moved to theirs by a file.
    run(csv_bytes([row(4, school_code="51000302")]))
    report = run(csv_bytes([row(4)]), school_ids=scope.school_ids)
    assert not report.written
    assert report.errors[0].message == _(
        "This pupil is recorded at another school: only the department changes it."
    )
    assert Pupil.objects.get(student_code="HS00000004").current_school == schools[1]


def test_a_reimport_keeps_an_accepted_correction_and_says_so(schools):
    run(csv_bytes([row(1)]))
    pupil = Pupil.objects.get()
    PupilCorrection.objects.create(
        pupil=pupil, field="full_name", proposed="Nguyễn Văn Học Một", status="accepted"
    )
    pupil.full_name = "Nguyễn Văn Học Một"
    pupil.save()
    report = run(csv_bytes([row(1)]))  # the education database still has the old name
    assert report.unchanged == 1 and len(report.notices) == 1
    pupil.refresh_from_db()
    assert pupil.full_name == "Nguyễn Văn Học Một"
    changed = row(1)
    changed[1] = "Nguyễn Văn Học Mới"
    changed[7] = "21200"
    report = run(csv_bytes([changed]))  # the other fields still follow the file
    assert report.updated == 1 and report.notices[0].column == "Họ và tên"
    pupil.refresh_from_db()
    assert pupil.full_name == "Nguyễn Văn Học Một" and pupil.unit.code == "21200"


def test_the_command_imports_and_exits_non_zero_on_errors(schools, tmp_path, capsys):
    good = tmp_path / "hoc-sinh.csv"
    good.write_bytes(csv_bytes([row(n) for n in range(1, 6)]))
    call_command("import_pupils", str(good), "--stage", "grade5", "--year", "2027")
    assert Pupil.objects.filter(stage=Stage.PRIMARY).count() == 5
    assert "thêm mới 5" in capsys.readouterr().out
    bad = tmp_path / "loi.xlsx"
    rows = [row(n) for n in range(6, 9)]
    rows[1][3] = "?"
    bad.write_bytes(xlsx_bytes(rows))
    with pytest.raises(CommandError):
        call_command("import_pupils", str(bad), "--stage", "grade5", "--year", "2027")
    assert "Dòng 3" in capsys.readouterr().err
    assert Pupil.objects.count() == 5


# --- the admin: upload, background job and progress, listing -----------------------------


def upload(client, data, name="hoc-sinh.csv", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admissions_pupils:import"),
        {
            "file": SimpleUploadedFile(name, data),
            "stage": fields.get("stage", Stage.PRESCHOOL),
            "school_year": fields.get("school_year", 2027),
            **({"valid_only": "on"} if fields.get("valid_only") else {}),
        },
    )


def test_an_officer_uploads_a_file_and_follows_its_progress(
    schools, client, django_user_model, django_capture_on_commit_callbacks
):
    user = officer(django_user_model)
    client.force_login(user)
    assert client.get(reverse("admissions_pupils:import")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes([row(n) for n in range(1, 501)]))
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert progress.status_code == 200
    text = progress.content.decode()
    assert "500" in text
    assert 'http-equiv="refresh"' not in text  # finished: no more polling
    assert Pupil.objects.count() == 500
    entry = ModelLogEntry.objects.get(action=pupil_jobs.IMPORT_ACTION)
    assert entry.user == user and entry.data["created"] == 500
    # Someone else cannot read this job's page.
    client.force_login(officer(django_user_model, "sogd2"))
    assert client.get(response["Location"]).status_code == 404


def test_a_queued_job_page_refreshes_itself_and_shows_the_bar(schools, client, django_user_model):
    user = officer(django_user_model)
    client.force_login(user)
    response = upload(client, csv_bytes([row(1)]))  # not committed: the task has not run yet
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page
    assert Pupil.objects.count() == 0


def test_an_upload_with_errors_reports_them_and_writes_nothing(
    schools, client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(officer(django_user_model))
    rows = [row(1), row(2)]
    rows[1][2] = "hôm qua"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(rows))
    page = client.get(response["Location"]).content.decode()
    assert "hôm qua" in page and "Ngày sinh" in page
    assert Pupil.objects.count() == 0
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    errors = client.get(reverse("admissions_pupils:import_errors", args=[job_id]))
    assert errors.status_code == 200
    lines = errors.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("3,Ngày sinh,")


def test_the_errors_download_cannot_run_formulas(
    schools, client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(officer(django_user_model))
    header = ["=Mã học sinh", *HEADER[1:]]  # read as the column, quoted in the report
    values = row(1)
    values[0] = "?"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes([values], header=header))
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    body = client.get(reverse("admissions_pupils:import_errors", args=[job_id]))
    line = body.content.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("2,'=Mã học sinh,")


BAD_UPLOADS = [
    (b"%PDF-1.4 not a table", {}, "file"),
    (b"", {}, "file"),
    (csv_bytes([row(1)])[:40], {}, "file"),
    (csv_bytes([row(1)]), {"school_year": 1999}, "school_year"),
    (csv_bytes([row(1)]), {"stage": "grade_12"}, "stage"),
]


def test_bad_uploads_get_a_400_with_a_message(schools, client, django_user_model):
    client.force_login(officer(django_user_model))
    before = stored_uploads()
    for data, field_values, field in BAD_UPLOADS:
        response = upload(client, data, **field_values)
        assert response.status_code == 400, field
        errors = response.context["form"].errors[field]
        assert errors and response.context["form"].has_error(field)
    assert not ModelLogEntry.objects.filter(action=pupil_jobs.IMPORT_ACTION).exists()
    assert stored_uploads() == before  # nothing kept of a refused upload


def stored_uploads():
    storage = private_storage()
    return set(storage.listdir("pupil-imports")[1]) if storage.exists("pupil-imports") else set()


def test_only_officers_and_school_staff_reach_the_pupils_admin(schools, client, django_user_model):
    run(csv_bytes([row(1)]))
    client.force_login(other_admin(django_user_model))
    for name in ("index", "import", "corrections"):
        response = client.get(reverse(f"admissions_pupils:{name}"), follow=True)
        # Wagtail answers a refused admin view by sending the user to the dashboard.
        assert response.redirect_chain[0][0] == reverse("wagtailadmin_home")
        assert "HS00000001" not in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="admissions.view_pupils").exists()


def test_the_listing_is_scoped_searchable_and_every_view_is_logged(
    schools, client, django_user_model
):
    run(csv_bytes([row(1), row(2), row(3, school_code="51000302")]))
    staff = school_staff(django_user_model, schools[0], "gv-hoasen")
    client.force_login(staff)
    page = client.get(reverse("admissions_pupils:index")).content.decode()
    assert "HS00000001" in page and "HS00000002" in page and "HS00000003" not in page
    found = client.get(reverse("admissions_pupils:index"), {"q": "hs00000002"}).content.decode()
    assert "HS00000002" in found and "HS00000001" not in found
    by_name = client.get(reverse("admissions_pupils:index"), {"q": "học 1"}).content.decode()
    assert "HS00000001" in by_name and "HS00000002" not in by_name

    client.force_login(officer(django_user_model))
    page = client.get(reverse("admissions_pupils:index"), {"school_year": 2027}).content.decode()
    assert all(f"HS0000000{n}" in page for n in (1, 2, 3))

    entries = ModelLogEntry.objects.filter(action="admissions.view_pupils").order_by("pk")
    assert entries.count() == 4
    # Bad input: 4xx, never a 5xx.
    index = reverse("admissions_pupils:index")
    assert client.get(index, {"school_year": "abc"}).status_code == 400
    assert client.get(index, {"stage": "x" * 300, "p": "-1"}).status_code == 400
    assert client.get(index, {"q": "x" * 500}).status_code == 400
    assert client.get(index, {"p": "99999"}).status_code == 200
    for job in ("khong-phai-ma", uuid.uuid4().hex, "0" * 32):
        assert client.get(reverse("admissions_pupils:progress", args=[job])).status_code == 404
    assert client.get(reverse("admissions_pupils:correction", args=[999999])).status_code == 404
    assert client.get(reverse("admissions_pupils:evidence", args=[999999])).status_code == 404
    assert client.post(reverse("admissions_pupils:import"), {}).status_code == 400
    first, second = entries[0], entries[1]
    assert first.user == staff and second.data["filters"]["q"] == "hs00000002"
    assert entries[3].data["filters"]["school_year"] == 2027
    # Never the data itself: no name, date of birth or ID number in what is logged.
    for entry in entries:
        logged = str(entry.data)
        assert "Nguyễn" not in logged and "0513" not in logged and "/2021" not in logged
