"""The organisation chart and the staff directory: nested, accessible, contacts as links."""

import pytest
from bs4 import BeautifulSoup

from organisation.factories import (
    OrganisationPageFactory,
    StaffDirectoryPageFactory,
    person,
    unit,
)
from organisation.models import OrganisationPage, StaffDirectoryPage
from sites import factories as site_factories
from sites.fleet import fleet_rows

pytestmark = pytest.mark.django_db

UNITS = [
    unit(
        "Ban Giám đốc",
        duties="Lãnh đạo, quản lý toàn diện hoạt động của Sở.",
        people=[
            person("Nguyễn Văn An", "Giám đốc", "0255 3822.101", "nvan@quangngai.edu.vn", True),
            person("Võ Văn Giang", "Chuyên viên", "", "vvgiang@quangngai.edu.vn"),
        ],
    ),
    unit(
        "Văn phòng Sở",
        people=[person("Phạm Quốc Dũng", "Chánh Văn phòng", "0255 3822 111", "", True)],
        sub_units=[
            {
                "name": "Bộ phận Một cửa",
                "people": [person("Đỗ Thị Hạnh", "Chuyên viên", "0255 3822 115", "dthanh@sgd.vn")],
            }
        ],
    ),
]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_chart_is_a_nested_list_in_chart_order_naming_the_leaders(client, home):
    chart = OrganisationPageFactory(parent=home, units=UNITS)
    html = soup(client.get(chart.url))
    top = html.select_one("ol.org-chart")
    units = top.find_all("li", class_="org-chart__unit", recursive=False)
    assert [u.find("h2").get_text() for u in units] == ["Ban Giám đốc", "Văn phòng Sở"]
    nested = units[1].select_one("ol.org-chart__units > li h3")
    assert nested.get_text() == "Bộ phận Một cửa"
    # The chart names the leaders only (a unit without any marked leader names everyone).
    assert "Nguyễn Văn An" in units[0].get_text() and "Võ Văn Giang" not in units[0].get_text()
    assert "Đỗ Thị Hạnh" in units[1].get_text()
    assert "0255 3822.101" in html.select_one('a[href="tel:02553822101"]').get_text()
    assert html.select_one('a[href="mailto:nvan@quangngai.edu.vn"]')
    assert not html.select("main img")


def test_the_directory_lists_everyone_in_tables_with_headers_and_contacts(client, home):
    directory = StaffDirectoryPageFactory(parent=home, units=UNITS)
    html = soup(client.get(directory.url))
    tables = html.select("table.staff-table")
    assert len(tables) == 3  # two units and one sub-unit
    assert all(table.caption and table.select("th[scope=col]") for table in tables)
    names = [th.get_text() for th in html.select("th[scope=row]")]
    assert names == ["Nguyễn Văn An", "Võ Văn Giang", "Phạm Quốc Dũng", "Đỗ Thị Hạnh"]
    assert html.select_one('a[href="tel:02553822115"]')
    assert html.select_one('a[href="mailto:dthanh@sgd.vn"]')
    assert [a["href"] for a in html.select(".staff-directory__units a")] == [
        "#don-vi-1",
        "#don-vi-2",
        "#don-vi-2-1",
    ]
    assert html.select_one("#don-vi-2-1").get_text() == "Bộ phận Một cửa"


def test_an_invalid_phone_is_refused_with_a_vietnamese_message():
    from django.core.exceptions import ValidationError

    from organisation.blocks import PersonBlock

    block = PersonBlock()
    value = block.to_python(person("Lê Văn Hải", "Hiệu trưởng", "gọi tôi nhé"))
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Nhập số điện thoại" in str(error.value.block_errors["phone"])


def test_one_of_each_per_site_under_the_department_and_each_school(home):
    OrganisationPageFactory(parent=home)
    assert not OrganisationPage.can_create_at(home)
    assert StaffDirectoryPage.can_create_at(home)


def test_school_sections_are_provisioned_and_empty_until_filled(client, home):
    site_factories.SchoolIndexPageFactory(parent=home)
    school = site_factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000101")
    chart = OrganisationPage.objects.child_of(school.home_page).get()
    directory = StaffDirectoryPage.objects.child_of(school.home_page).get()
    assert (chart.slug, directory.slug) == ("co-cau-to-chuc", "danh-ba")

    def empty_kinds():
        row = next(r for r in fleet_rows() if r.school.pk == school.pk)
        return {p.kind for p in row.empty + row.missing}

    assert {"organisation", "staff"} <= empty_kinds()
    chart.units = UNITS
    chart.save_revision().publish()
    assert "organisation" not in empty_kinds()
    assert "staff" in empty_kinds()
    html = soup(client.get("/co-cau-to-chuc/", HTTP_HOST=school.hostname))
    assert "Ban Giám đốc" in html.get_text()
