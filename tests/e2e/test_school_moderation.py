"""A school editor writes news in the (Vietnamese) admin; the school's moderator approves it.

Strings from Wagtail's admin are not asserted word for word; content created here is.
"""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from portal.models import NewsArticlePage
from sites import factories
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Học sinh trường đạt giải nhất hội khỏe Phù Đổng"
SLUG = "hoc-sinh-dat-giai-nhat-hoi-khoe-phu-dong"
INTRO = "Đội tuyển điền kinh của trường giành giải nhất toàn tỉnh."
BODY = "Chúc mừng các em học sinh đã đạt thành tích xuất sắc."
PASSWORD = "MatKhau-ThuNghiem-2025"


@pytest.fixture
def school(live_server):
    home = build_home()
    factories.SchoolIndexPageFactory(parent=home)
    school = factories.provision_school("Trường THCS Lê Lợi", "51000301")
    editor = User.objects.create_user("gv.lan", password=PASSWORD, first_name="Lan")
    editor.groups.add(school.editors_group)
    moderator = User.objects.create_user("ht.minh", password=PASSWORD, first_name="Minh")
    moderator.groups.add(school.moderators_group)
    news = school.home_page.get_children().get(slug="tin-tuc")
    return {"school": school, "news": news, "editor": editor, "moderator": moderator}


def log_in(page, username):
    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#id_password")).to_have_count(0)


def open_action_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_editor_submits_and_moderator_approves(school, new_page, live_server):
    editor_page = new_page()
    log_in(editor_page, "gv.lan")
    # One page type fits under a news index, so "add child page" opens its form directly.
    editor_page.goto(f"/admin/pages/{school['news'].pk}/add_subpage/")
    editor_page.fill("#id_title", TITLE)
    editor_page.fill("#id_intro", INTRO)
    editor_page.locator("button.c-sf-add-button").first.click()
    # A quote block: a plain text area (typing into Draftail from Playwright is unreliable).
    editor_page.get_by_role("option", name="Trích dẫn").click()
    quote = editor_page.locator("[data-contentpath='body'] textarea:visible").first
    quote.fill(BODY)
    editor_page.locator("a[href='#tab-promote'], [data-w-tabs-target='trigger']").nth(1).click()
    editor_page.fill("#id_slug", SLUG)
    open_action_menu(editor_page)
    editor_page.locator("button[name='action-submit']").click()
    # Wagtail confirms in Vietnamese: "Đã tạo và gửi kiểm duyệt trang '…'".
    expect(editor_page.locator(".messages")).to_contain_text("gửi kiểm duyệt", timeout=15_000)

    article = NewsArticlePage.objects.get(slug=SLUG)
    assert not article.live
    assert article.workflow_in_progress
    assert article.get_parent().pk == school["news"].pk
    assert editor_page.problems == []

    moderator_page = new_page()
    log_in(moderator_page, "ht.minh")
    moderator_page.goto(f"/admin/pages/{article.pk}/edit/")
    # The approve button submits the edit form: wait until the body's editor has loaded,
    # or the form would be sent with an empty body.
    expect(
        moderator_page.locator("[data-contentpath='body'] textarea:visible").first
    ).to_have_value(BODY)
    open_action_menu(moderator_page)
    moderator_page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).click()
    expect(moderator_page.locator(".messages")).to_contain_text(TITLE, timeout=15_000)

    article.refresh_from_db()
    assert article.live
    actions = set(PageLogEntry.objects.filter(page=article).values_list("action", "user__username"))
    assert ("wagtail.workflow.start", "gv.lan") in actions
    assert ("wagtail.workflow.approve", "ht.minh") in actions
    assert ("wagtail.publish", "ht.minh") in actions

    visitor = new_page()
    slug = school["school"].slug
    visitor.goto(f"{live_server.url}/truong-hoc/{slug}/tin-tuc/{SLUG}/")
    expect(visitor.locator("h1")).to_contain_text(TITLE)
    expect(visitor.locator("body")).to_contain_text(BODY)
