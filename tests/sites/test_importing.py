"""The bulk CSV import: good rows provisioned, bad rows reported with clear messages and
nothing of them written, re-runs update instead of duplicating, dry runs write nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Collection, Page, Site

from portal.models import OrganisationSettings
from sites import factories
from sites.importing import (
    CREATED,
    FAILED,
    UNCHANGED,
    UPDATED,
    ImportFileError,
    read_schools_csv,
    schools_import,
)
from sites.models import School
from sites.provisioning import SCHOOL_CODE_LENGTH

SAMPLE = Path(__file__).resolve().parents[2] / "sites" / "data" / "schools-sample.csv"
HEADER = "code,name,slug,levels,type,unit,address,phone,email,principal,latitude,longitude"
GOOD = [
    "51000101,Trường Tiểu học Nghĩa Lộ,,C1,cong-lap,51-NL,12 Hùng Vương,0255 3822 111,"
    "thnghialo@quangngai.edu.vn,Nguyễn Thị Lan,15.1124,108.8089",
    '51000201,Trường THCS Cẩm Thành,thcs-cam-thanh,C2;C1,cong-lap,51-CT,"5 Lê Lợi, Cẩm Thành",'
    ",,Trần Văn Bình,,",
]


@pytest.fixture(autouse=True)
def vietnamese_off():
    # Messages are asserted in English (the source strings); the catalogue is translated later.
    with translation.override("en"):
        yield


@pytest.fixture
def reference(school_directory):
    levels = {
        code: factories.SchoolLevelFactory(code=code, name=name)
        for code, name in (("C1", "Tiểu học"), ("C2", "Trung học cơ sở"), ("C3", "THPT"))
    }
    units = {
        code: factories.AdministrativeUnitFactory(code=code, name=name)
        for code, name in (("51-NL", "Nghĩa Lộ"), ("51-CT", "Cẩm Thành"))
    }
    return {"levels": levels, "units": units, "type": factories.SchoolTypeFactory()}


def csv_text(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def run(text, **kwargs):
    return schools_import(rows=read_schools_csv(data=text), **kwargs)


def counts():
    return (
        School.objects.count(),
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )


def one_failure(text):
    """Import ``text`` (one good row, then the row under test) and return the bad row's errors."""
    before = counts()
    report = run(text)
    assert [row.status for row in report.rows] == [CREATED, FAILED]
    # The good row is in, nothing of the bad row is.
    assert School.objects.count() == before[0] + 1
    assert Site.objects.count() == before[2] + 1
    return report.rows[1].errors


def test_good_rows_are_provisioned(reference, settings):
    settings.PORTAL_DOMAIN = "sogd.example.vn"
    progress = []
    report = run(csv_text(*GOOD), progress=lambda done, total: progress.append((done, total)))
    assert report.ok
    assert [(row.line, row.status) for row in report.rows] == [(2, CREATED), (3, CREATED)]
    assert progress == [(1, 2), (2, 2)]
    first = School.objects.get(code="51000101")
    assert first.slug == "truong-tieu-hoc-nghia-lo"  # derived from the name
    assert first.site.hostname == "truong-tieu-hoc-nghia-lo.sogd.example.vn"
    assert first.home_page.live
    assert first.latitude == Decimal("15.112400")
    assert first.administrative_unit.code == "51-NL"
    second = School.objects.get(code="51000201")
    assert second.slug == "thcs-cam-thanh"
    assert second.address == "5 Lê Lợi, Cẩm Thành"
    assert set(second.levels.values_list("code", flat=True)) == {"C1", "C2"}
    assert second.latitude is None


def test_rerun_updates_instead_of_duplicating(reference):
    run(csv_text(*GOOD))
    before = counts()
    again = run(csv_text(*GOOD))
    assert [row.status for row in again.rows] == [UNCHANGED, UNCHANGED]
    changed = GOOD[0].replace("Trường Tiểu học Nghĩa Lộ", "Trường TH Nghĩa Lộ số 1")
    changed = changed.replace("0255 3822 111", "0255 3999 000").replace(",C1,", ",C1;C2,")
    changed = changed.replace("15.1124", "15.2")
    report = run(csv_text(changed, GOOD[1]))
    assert [row.status for row in report.rows] == [UPDATED, UNCHANGED]
    assert set(report.rows[0].changed) >= {"name", "phone", "levels", "latitude"}
    assert counts() == before
    school = School.objects.get(code="51000101")
    assert school.name == "Trường TH Nghĩa Lộ số 1"
    assert school.slug == "truong-tieu-hoc-nghia-lo"  # addresses do not move
    assert set(school.levels.values_list("code", flat=True)) == {"C1", "C2"}
    assert school.latitude == Decimal("15.200000")
    organisation = OrganisationSettings.objects.get(site=school.site)
    assert (organisation.name, organisation.phone) == ("Trường TH Nghĩa Lộ số 1", "0255 3999 000")
    assert Site.objects.get(pk=school.site_id).site_name == "Trường TH Nghĩa Lộ số 1"


def test_changing_the_slug_of_a_known_school_is_refused(reference):
    run(csv_text(*GOOD))
    report = run(csv_text(GOOD[1].replace("thcs-cam-thanh", "thcs-khac")))
    assert report.rows[0].status == FAILED
    assert report.rows[0].errors == [
        "slug: School 51000201 already has the address “thcs-cam-thanh”; "
        "addresses are not changed by an update."
    ]
    assert School.objects.get(code="51000201").slug == "thcs-cam-thanh"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "5100030,Trường A,,C1,cong-lap,51-NL,,,,,,",
            f"code: Mã trường phải gồm đúng {SCHOOL_CODE_LENGTH} chữ số.",
        ),
        (
            "5100030X,Trường A,,C1,cong-lap,51-NL,,,,,,",
            f"code: Mã trường phải gồm đúng {SCHOOL_CODE_LENGTH} chữ số.",
        ),
        (
            "51000301,Trường A,,C1,cong-lap,51-XX,,,,,,",
            "unit: Unknown administrative unit (commune/ward) code “51-XX”.",
        ),
        (
            "51000301,Trường A,,C1;C9,cong-lap,51-NL,,,,,,",
            "levels: Unknown school level code “C9”.",
        ),
        (
            "51000301,Trường A,,C1,ban-cong,51-NL,,,,,,",
            "type: Unknown school type code “ban-cong”.",
        ),
        (
            "51000301,Trường A,,C1,cong-lap,51-NL,,,hieu.truong@,,,",
            "email: “hieu.truong@” is not a valid e-mail address.",
        ),
        (
            "51000301,Trường A,,C1,cong-lap,51-NL,,,,,95.1,108.8",
            "latitude: Latitude “95.1” is not a number between -90 and 90.",
        ),
        (
            "51000301,Trường A,,C1,cong-lap,51-NL,,,,,15.1,đông",
            "longitude: Longitude “đông” is not a number between -180 and 180.",
        ),
        (
            "51000301,Trường A,,C1,cong-lap,51-NL,,,,,15.1,",
            "longitude: Give both latitude and longitude, or neither.",
        ),
        ("51000301,,,C1,cong-lap,51-NL,,,,,,", "name: This value is required."),
        ("51000301,Trường A,,,cong-lap,51-NL,,,,,,", "levels: This value is required."),
        (
            "51000301,Trường A,Trường_A,C1,cong-lap,51-NL,,,,,,",
            "slug: The address “trường_a” may contain only lower-case letters a–z, digits and "
            "single hyphens.",
        ),
        (
            "51000301,Trường khác,truong-tieu-hoc-nghia-lo,C1,cong-lap,51-NL,,,,,,",
            "slug: The address “truong-tieu-hoc-nghia-lo” is already taken by "
            "Trường Tiểu học Nghĩa Lộ (51000101).",
        ),
        (
            "51000101,Trường Tiểu học Nghĩa Lộ,,C1,cong-lap,51-NL,,,,,,",
            "Code 51000101 appears more than once in the file (first on line 2); "
            "this row was skipped.",
        ),
        ("51000301,Trường A,,C1,cong-lap,51-NL,,,,,,,extra", None),
    ],
)
def test_each_bad_row_kind_has_its_message_and_leaves_nothing(reference, row, message):
    errors = one_failure(csv_text(GOOD[0], row))
    if message is None:
        message = "This row has more values than the header has columns."
    assert message in errors


def test_missing_required_columns_are_named(reference):
    header = "code,name,levels,address"
    report = run(csv_text("51000101,Trường A,C1,Thôn 1", header=header))
    assert report.rows[0].status == FAILED
    assert report.rows[0].errors == ["Missing required columns: type, unit."]
    assert not School.objects.exists()


def test_an_address_held_by_another_page_of_the_directory_is_refused(reference):
    directory = Page.objects.get(slug="truong-hoc")
    directory.add_child(instance=Page(title="Trang lạ", slug="trang-la"))
    errors = one_failure(csv_text(GOOD[0], "51000301,Trang lạ,trang-la,C1,cong-lap,51-NL,,,,,,"))
    assert errors == ["slug: The address “trang-la” is already taken by a page of the directory."]


def test_dry_run_writes_nothing_but_reports_everything(reference):
    before = counts()
    report = run(csv_text(*GOOD, "bad,Trường A,,C1,cong-lap,51-NL,,,,,,"), dry_run=True)
    assert report.dry_run
    assert [row.status for row in report.rows] == [CREATED, CREATED, FAILED]
    assert counts() == before


def test_dry_run_sees_duplicates_between_rows_of_the_same_file(reference):
    report = run(
        csv_text(GOOD[0], "51000301,Trường khác,truong-tieu-hoc-nghia-lo,C1,cong-lap,51-NL,,,,,,"),
        dry_run=True,
    )
    assert [row.status for row in report.rows] == [CREATED, FAILED]
    assert not School.objects.exists()


def test_utf8_with_and_without_bom(reference):
    text = csv_text(GOOD[0])
    assert read_schools_csv(data=text.encode("utf-8")) == read_schools_csv(
        data=b"\xef\xbb\xbf" + text.encode("utf-8")
    )
    rows = read_schools_csv(data="\ufeff" + text.replace("code,", " Code ,", 1))
    assert rows[0]["code"] == "51000101"
    report = schools_import(rows=read_schools_csv(data=b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert report.ok
    assert School.objects.get(code="51000101").name == "Trường Tiểu học Nghĩa Lộ"


def test_files_that_are_not_utf8_csv_are_refused():
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_schools_csv(data=csv_text(GOOD[0]).encode("utf-16"))
    with pytest.raises(ImportFileError, match="empty"):
        read_schools_csv(data=b"")


def test_blank_lines_are_skipped_and_lines_numbered_like_a_spreadsheet(reference):
    report = run(csv_text(GOOD[0], ",,,,,,,,,,,", "bad,Trường B,,C1,cong-lap,51-NL,,,,,,"))
    assert [(row.line, row.status) for row in report.rows] == [(2, CREATED), (4, FAILED)]


def test_import_command_on_the_sample_file(school_directory, capsys):
    call_command("load_reference_data")
    call_command("import_schools", str(SAMPLE), "--dry-run")
    assert not School.objects.exists()
    call_command("import_schools", str(SAMPLE))
    out, err = capsys.readouterr()
    assert "tạo mới 12" in out
    assert "12/12" in err  # the progress bar
    assert School.objects.count() == 12
    assert Site.objects.filter(school__isnull=False).count() == 12
    call_command("import_schools", str(SAMPLE))
    assert "không đổi 12" in capsys.readouterr().out
    assert School.objects.count() == 12


def test_import_command_fails_when_a_row_fails(reference, tmp_path, capsys):
    path = tmp_path / "schools.csv"
    path.write_text(csv_text(GOOD[0], "bad,Trường B,,C1,cong-lap,51-NL,,,,,,"), encoding="utf-8")
    with pytest.raises(CommandError, match="1"):
        call_command("import_schools", str(path))
    assert "Dòng 3 (bad)" in capsys.readouterr().err
    assert School.objects.filter(code="51000101").exists()
