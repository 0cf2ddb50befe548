"""Shared by the pupils import and corrections tests: schools, units, staff, files."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission

from admissions import ids
from portal.text import slugify_vi
from sites import factories as site_factories
from sites.models import AdministrativeUnit, School

HEADER = [
    "Mã học sinh",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã định danh",
    "Mã trường",
    "Tên trường",
    "Xã/phường",
]


def units():
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="51", defaults={"name": "Quảng Ngãi", "unit_type": "Tỉnh"}
    )
    ward, _ = AdministrativeUnit.objects.get_or_create(
        code="21100", defaults={"name": "Nghĩa Lộ", "unit_type": "Phường", "parent": province}
    )
    commune, _ = AdministrativeUnit.objects.get_or_create(
        code="21200", defaults={"name": "Tịnh Khê", "unit_type": "Xã", "parent": province}
    )
    return ward, commune


def school(name, code, unit):
    """A school row with its staff groups, without a website: provisioning a site takes
    seconds and nothing here needs one."""
    return School.objects.create(
        name=name,
        code=code,
        slug=slugify_vi(name),
        school_type=site_factories.SchoolTypeFactory(),
        administrative_unit=unit,
        editors_group=Group.objects.create(name=f"{name}: biên tập"),
        moderators_group=Group.objects.create(name=f"{name}: kiểm duyệt"),
    )


def two_schools():
    ward, commune = units()
    return (
        school("Trường Mầm non Hoa Sen", "51000301", ward),
        school("Trường Mầm non Sơn Ca", "51000302", commune),
    )


def school_staff(django_user_model, school, username):
    user = django_user_model.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(school.editors_group)
    return user


def officer(django_user_model, username="sogd"):
    from admissions.setup import ensure_admissions_setup

    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(ensure_admissions_setup())
    return user


def other_admin(django_user_model, username="khac"):
    user = django_user_model.objects.create_user(username, password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(Group.objects.get_or_create(name="Phòng khác")[0])
    return user


def row(n, *, school_code="51000301", school_name="", unit="21100", female=None, birth=None):
    female = n % 2 == 1 if female is None else female
    birth = birth or datetime.date(2021, 1 + n % 12, 1 + n % 28)
    return [
        f"HS{n:08d}",
        f"Nguyễn Văn Học {n}",
        birth.strftime("%d/%m/%Y"),
        "Nữ" if female else "Nam",
        ids.example_id(birth_date=birth, female=female, serial=n),
        school_code,
        school_name,
        unit,
    ]


def csv_bytes(rows, header=HEADER, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(rows, header=HEADER):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
