"""What a visitor does on the department portal, in a real browser against a live server.

Strings that come from {% translate %} tags are not asserted word for word (the Vietnamese
catalogue evolves); content created here is.
"""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from portal import factories
from portal.models.news import NEWS_PER_PAGE
from tests.conftest import build_home

# The live server sees only committed data, so these tests run in real transactions; the
# serialized rollback restores what the migrations created (root page, default locale)
# before each test, since the flush after a transactional test removes it.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE_COUNT = NEWS_PER_PAGE + 2
ADMISSIONS = "Tuyển sinh đầu cấp"
EXAMS = "Thi cử"
THANK_YOU = "Cảm ơn bạn. Chúng tôi đã nhận được ý kiến và sẽ phản hồi sớm."
CONTACT = {
    "Họ và tên": "Nguyễn Thị Lan",
    "Thư điện tử": "lan.nguyen@example.vn",
    "Số điện thoại": "0912 345 678",
    "Tiêu đề": "Hỏi về lịch tuyển sinh lớp 10",
    "Nội dung": "Xin cho biết khi nào công bố lịch thi tuyển sinh lớp 10 năm nay?",
}


def article_title(number):
    return f"Bản tin thử nghiệm số {number:02d}"


def article_body(number):
    return f"Nội dung chi tiết của bản tin thử nghiệm số {number:02d}."


def wait_out_spam_timer():
    """The form refuses submissions faster than FORM_MIN_SECONDS (robots post instantly)."""
    time.sleep(settings.FORM_MIN_SECONDS + 0.1)


@pytest.fixture
def portal_site(live_server):
    """A department site: 12 news articles (newest first: 01, 02, …), two categories, contact."""
    home = build_home()
    news = factories.NewsIndexPageFactory(parent=home)
    admissions = factories.NewsCategoryFactory(name=ADMISSIONS, slug="tuyen-sinh-dau-cap")
    exams = factories.NewsCategoryFactory(name=EXAMS, slug="thi-cu")
    now = timezone.now()
    articles = []
    for number in range(1, ARTICLE_COUNT + 1):
        # Article 03 is on the first page of the list, article 12 on the second.
        category = admissions if number in (3, ARTICLE_COUNT) else exams
        articles.append(
            factories.NewsArticlePageFactory(
                parent=news,
                title=article_title(number),
                intro=f"Tóm tắt bản tin thử nghiệm số {number:02d}.",
                body=[factories.paragraph(f"<p>{article_body(number)}</p>")],
                date=now - datetime.timedelta(hours=number),
                categories=[category],
            )
        )
    contact = factories.add_default_contact_fields(factories.ContactPageFactory(parent=home))
    return {"home": home, "news": news, "articles": articles, "contact": contact}


def fill_contact_form(page, values):
    for label, value in values.items():
        page.get_by_label(label).fill(value)


def submit_button(page):
    return page.locator("main form button[type=submit]")


def send_contact_form(page, values):
    """Fills the form as a person would (slower than the anti-spam timer) and sends it."""
    fill_contact_form(page, values)
    wait_out_spam_timer()
    with page.expect_navigation() as navigation:
        submit_button(page).click()
    return navigation.value.status


def test_home_page_leads_to_a_news_article(page, portal_site):
    response = page.goto("/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    skip_link = page.locator("body > a.skip-link").first
    expect(skip_link).to_have_attribute("href", "#main")
    expect(page.locator("main#main")).to_have_count(1)
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("footer.site-footer")).to_be_visible()

    latest = page.locator("section.home-news")
    expect(latest.locator(".card__title a").first).to_have_text(article_title(1))
    latest.get_by_role("link", name=article_title(1), exact=True).click()

    article = portal_site["articles"][0]
    expect(page).to_have_url(re.compile(re.escape(article.url) + "$"))
    expect(page.locator("main h1")).to_have_text(article_title(1))
    expect(page.locator("main .lead")).to_have_text("Tóm tắt bản tin thử nghiệm số 01.")
    expect(page.locator("main .article__body")).to_contain_text(article_body(1))
    expect(page).to_have_title(re.compile(re.escape(article_title(1))))
    breadcrumbs = page.locator("nav.breadcrumbs")
    expect(breadcrumbs.get_by_role("link", name="Tin tức", exact=True)).to_be_visible()
    assert page.problems == []


def test_news_index_paginates_and_filters_by_category(page, portal_site):
    page.goto(portal_site["news"].url)
    cards = page.locator("main .card-list .card")
    expect(cards).to_have_count(NEWS_PER_PAGE)
    expect(cards.first.locator(".card__title")).to_have_text(article_title(1))

    pagination = page.locator("nav.pagination")
    pagination.get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(cards).to_have_count(ARTICLE_COUNT - NEWS_PER_PAGE)
    expect(cards.locator(".card__title")).to_have_text(
        [article_title(n) for n in range(NEWS_PER_PAGE + 1, ARTICLE_COUNT + 1)]
    )
    expect(pagination.locator("[aria-current=page]")).to_have_text("2")

    filters = page.locator("nav.filter-links")
    filters.get_by_role("link", name=ADMISSIONS, exact=True).click()
    expect(page).to_have_url(re.compile(r"/tin-tuc/chuyen-muc/tuyen-sinh-dau-cap/$"))
    expect(page.locator("main h1")).to_have_text(ADMISSIONS)
    expect(cards.locator(".card__title")).to_have_text(
        [article_title(3), article_title(ARTICLE_COUNT)]
    )
    expect(filters.locator("[aria-current=page]")).to_have_text(ADMISSIONS)
    expect(page.locator("nav.pagination")).to_have_count(0)
    assert page.problems == []


def test_contact_form_sends_a_message(page, portal_site):
    contact = portal_site["contact"]
    page.goto(contact.url)
    expect(page.locator("main h1")).to_have_text("Liên hệ")
    assert send_contact_form(page, CONTACT) == 200

    expect(page.locator("main [role=status]")).to_have_text(THANK_YOU)
    submissions = FormSubmission.objects.filter(page=contact)
    assert submissions.count() == 1
    data = submissions.get().get_data()
    assert data["ho_va_ten"] == CONTACT["Họ và tên"]
    assert data["noi_dung"] == CONTACT["Nội dung"]
    # The anti-spam fields are checked, never stored.
    assert "website" not in data
    assert "form_token" not in data


def test_contact_form_with_a_missing_field_shows_the_error_and_saves_nothing(page, portal_site):
    contact = portal_site["contact"]
    page.goto(contact.url)
    fill_contact_form(page, {k: v for k, v in CONTACT.items() if k != "Nội dung"})
    wait_out_spam_timer()
    with page.expect_response(lambda r: r.request.method == "POST") as response_info:
        submit_button(page).click()
    assert response_info.value.status == 400
    page.wait_for_load_state()

    expect(page.locator("main .form__errors[role=alert]")).to_be_visible()
    invalid = page.locator("main .form__field--error")
    expect(invalid).to_have_count(1)
    expect(invalid.locator("label")).to_contain_text("Nội dung")
    expect(invalid.locator(".form__error")).not_to_be_empty()
    # What the visitor typed is still there.
    expect(page.get_by_label("Họ và tên")).to_have_value(CONTACT["Họ và tên"])
    expect(page.locator("main [role=status]")).to_have_count(0)
    assert not FormSubmission.objects.filter(page=contact).exists()


def test_keyboard_users_can_skip_to_the_main_content(page, portal_site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_pages_work_without_javascript(new_page, portal_site):
    page = new_page(java_script_enabled=False)
    response = page.goto("/")
    assert response.status == 200
    expect(page.locator("section.home-news .card__title").first).to_have_text(article_title(1))

    contact = portal_site["contact"]
    page.goto(contact.url)
    assert send_contact_form(page, CONTACT) == 200
    expect(page.locator("main [role=status]")).to_have_text(THANK_YOU)
    assert FormSubmission.objects.filter(page=contact).count() == 1
