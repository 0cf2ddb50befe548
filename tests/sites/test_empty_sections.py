"""A required section with no content yet says what will appear there and whom to contact;
provisioning starts the introduction from the school's record."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from sites import factories
from sites.sections import EMPTY_SECTION_TEXT

PHONE = "0255 3822 123"
EMAIL = "thcs-binh-son@quangngai.edu.vn"


@pytest.fixture
def school(school_directory):
    unit = factories.AdministrativeUnitFactory(name="Xã Bình Sơn")
    return factories.provision_school(
        "Trường THCS Bình Sơn",
        "51000105",
        unit=unit,
        levels=[factories.SchoolLevelFactory(code="C2", name="Trung học cơ sở")],
        school_type=factories.SchoolTypeFactory(name="Công lập"),
        address="Thôn Phú Long, xã Bình Sơn",
        phone=PHONE,
        email=EMAIL,
        principal="Nguyễn Văn An",
    )


def get(client, school, slug=""):
    response = client.get(f"/{slug}", HTTP_HOST=school.hostname)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(school, slug):
    return Page.objects.child_of(school.home_page).get(slug=slug).specific


def test_introduction_starts_from_the_school_record(school, client):
    introduction = section(school, "gioi-thieu")
    assert "Trường THCS Bình Sơn" in introduction.intro
    assert "Trung học cơ sở" in introduction.intro
    assert "Xã Bình Sơn" in introduction.intro
    html = get(client, school, "gioi-thieu/")
    body = html.select_one(".article__body").get_text(" ", strip=True)
    for value in ("Thôn Phú Long, xã Bình Sơn", "Nguyễn Văn An", PHONE, EMAIL):
        assert value in body
    assert html.select_one(".empty-state") is None


@pytest.mark.parametrize(
    ("slug", "kind"),
    [
        ("tuyen-sinh/", "admissions"),
        ("co-cau-to-chuc/", "organisation"),
        ("danh-ba/", "staff"),
        ("cong-khai/", "disclosures"),
        ("lich/", "calendar"),
    ],
)
def test_empty_section_says_what_will_appear_and_whom_to_contact(school, client, slug, kind):
    state = get(client, school, slug).select_one(".empty-state")
    assert state is not None
    text = state.get_text(" ", strip=True)
    assert str(EMPTY_SECTION_TEXT[kind]) in text
    assert PHONE in text and EMAIL in text
    assert state.select_one(f'a[href="mailto:{EMAIL}"]')


def test_a_section_with_content_shows_no_empty_state(school, client):
    admissions = section(school, "tuyen-sinh")
    admissions.intro = "Kế hoạch tuyển sinh lớp 6 năm học 2027-2028."
    admissions.save_revision().publish()
    html = get(client, school, "tuyen-sinh/")
    assert html.select_one(".empty-state") is None
    assert "Kế hoạch tuyển sinh lớp 6" in html.get_text()
