"""Reference data and the one-school provisioning command."""

import json

import pytest
from django.core.management import CommandError, call_command

from sites.models import AdministrativeUnit, School, SchoolLevel, SchoolType
from sites.reference import reference_data_load


@pytest.mark.django_db
def test_reference_data_loads_and_is_idempotent():
    call_command("load_reference_data")
    counts = (
        AdministrativeUnit.objects.count(),
        SchoolLevel.objects.count(),
        SchoolType.objects.count(),
    )
    call_command("load_reference_data")
    assert counts == (
        AdministrativeUnit.objects.count(),
        SchoolLevel.objects.count(),
        SchoolType.objects.count(),
    )
    province = AdministrativeUnit.objects.get(code="51")
    assert province.parent is None
    assert AdministrativeUnit.objects.get(code="51-LS").parent == province
    assert list(SchoolLevel.objects.values_list("code", flat=True))[:4] == ["C0", "C1", "C2", "C3"]


@pytest.mark.django_db
def test_units_may_have_a_district_level_and_come_in_any_order(tmp_path):
    data = {
        "units": [
            {"code": "X1", "name": "Hoà Bình", "unit_type": "Xã", "parent": "H1"},
            {"code": "H1", "name": "Sơn Tịnh", "unit_type": "Huyện", "parent": "T1"},
            {"code": "T1", "name": "Quảng Ngãi", "unit_type": "Tỉnh", "parent": None},
        ]
    }
    file = tmp_path / "units.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_reference_data", file=str(file))
    commune = AdministrativeUnit.objects.get(code="X1")
    assert commune.parent.code == "H1"
    assert commune.parent.parent.code == "T1"
    assert str(commune) == "Xã Hoà Bình"


@pytest.mark.django_db
def test_unit_with_an_unknown_parent_is_refused():
    with pytest.raises(ValueError, match="X9"):
        reference_data_load(
            data={"units": [{"code": "X9", "name": "A", "unit_type": "Xã", "parent": "nope"}]}
        )
    assert not AdministrativeUnit.objects.filter(code="X9").exists()


def test_provision_school_command(school_directory, capsys):
    call_command("load_reference_data")
    call_command(
        "provision_school", name="Trường THCS Bình Sơn", code="51000105", slug="thcs-binh-son",
        levels="C2", school_type="cong-lap", unit="51-BS", email="thcs-binh-son@example.vn",
    )  # fmt: skip
    school = School.objects.get(code="51000105")
    assert school.search_name == "truong thcs binh son"
    assert [level.code for level in school.levels.all()] == ["C2"]
    assert school.site is not None and school.home_page.live
    assert "thcs-binh-son" in capsys.readouterr().out


def test_provision_school_command_refuses_unknown_codes(school_directory):
    call_command("load_reference_data")
    with pytest.raises(CommandError):
        call_command(
            "provision_school", name="Trường X", code="51009999", slug="truong-x",
            levels="C9", school_type="cong-lap", unit="51-BS",
        )  # fmt: skip
    with pytest.raises(CommandError):
        call_command(
            "provision_school", name="Trường X", code="51009999", slug="truong-x",
            levels="C1", school_type="cong-lap", unit="khong-co",
        )  # fmt: skip
    assert not School.objects.exists()
