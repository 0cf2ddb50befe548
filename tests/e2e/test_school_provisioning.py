"""A department administrator creates a school site from the Wagtail admin in one action, and
the school's home page is then served (by path here; host routing is tested in tests/sites)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from sites import factories
from sites.models import School
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mật-khẩu-thử-nghiệm-2026"
SCHOOL = {
    "name": "Trường THCS Nguyễn Nghiêm",
    "code": "51000555",
    "address": "12 Nguyễn Nghiêm, phường Nghĩa Lộ",
    "phone": "0255 3822 555",
    "email": "thcsnguyennghiem@quangngai.edu.vn",
    "principal": "Lê Thị Thu",
}
SLUG = "truong-thcs-nguyen-nghiem"


@pytest.fixture
def department(live_server, django_user_model):
    home = build_home()
    factories.SchoolIndexPageFactory(parent=home)
    call_command("load_reference_data", verbosity=0)
    django_user_model.objects.create_superuser("quantri.sogd", "quantri@example.vn", PASSWORD)
    return home


def test_department_admin_creates_a_school_site_in_one_action(department, page, new_page):
    page.goto(reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "quantri.sogd")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('wagtailadmin_home')}")

    index = reverse("school_sites_admin:index")
    page.locator(f"a[href='{index}']").first.click()  # the "Schools" menu item
    page.wait_for_url(f"**{index}")
    page.locator(f"a[href='{reverse('school_sites_admin:create')}']").click()

    for field, value in SCHOOL.items():
        page.fill(f"#id_{field}", value)
    page.check("input[name=levels][value=C2]")
    page.select_option("#id_school_type", "cong-lap")
    page.select_option("#id_administrative_unit", "51-NL")
    page.fill("#id_latitude", "15.1139")
    page.fill("#id_longitude", "108.8063")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"**{index}")
    row = page.locator("tr", has_text=SCHOOL["code"])
    expect(row).to_contain_text(SCHOOL["name"])
    expect(row.locator(f"a[href$='/truong-hoc/{SLUG}/']")).to_be_visible()
    school = School.objects.get(code=SCHOOL["code"])
    assert school.slug == SLUG
    assert school.site is not None

    visitor = new_page()
    response = visitor.goto(f"/truong-hoc/{SLUG}/")
    assert response.status == 200
    expect(visitor.locator("h1")).to_contain_text(SCHOOL["name"])
    expect(visitor.locator("body")).to_contain_text(SCHOOL["phone"])
    assert visitor.problems == []
