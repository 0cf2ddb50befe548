"""Every page type renders, with the shared chrome: meta tags, breadcrumbs, navigation."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from portal import factories
from portal.models import NavigationSettings, OrganisationSettings

VIDEO_URL = "https://www.youtube.com/watch?v=kiem-thu"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def full_article(news_index):
    image = factories.ImageFactory(title="Hội nghị")
    document = get_document_model().objects.create(
        title="Kế hoạch năm học", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ke-hoach.pdf")
    )
    Embed.objects.create(  # stored embeds render without reaching the provider
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        html='<iframe title="Video" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        type="video",
        last_updated=timezone.now(),
    )
    category = factories.NewsCategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    return factories.NewsArticlePageFactory(
        parent=news_index,
        title="Triển khai học bạ số",
        intro="Tóm tắt về học bạ số.",
        main_image=image,
        categories=[category],
        tag_names=["học bạ số"],
        body=[
            factories.paragraph("<p>Đoạn văn mở đầu.</p>"),
            ("image", {"image": image, "caption": "Chú thích ảnh"}),
            (
                "gallery",
                {"title": "Thư viện ảnh", "images": [{"image": image, "caption": "Ảnh 1"}]},
            ),
            ("video", {"video": VIDEO_URL, "caption": "Phóng sự"}),
            ("document", {"document": document, "title": ""}),
            ("quote", {"quote": "Học, học nữa, học mãi.", "attribution": "Lê-nin"}),
            (
                "table",
                {
                    "caption": "Số liệu",
                    "table": {
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "data": [["Năm", "Số trường"], ["2026", "923"]],
                    },
                },
            ),
        ],
    )


def test_article_renders_every_block(client, full_article):
    response = client.get(full_article.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.find("h1").get_text(strip=True) == "Triển khai học bạ số"
    body = html.select_one(".article__body")
    assert "Đoạn văn mở đầu." in body.get_text()
    assert body.select_one(".block-image figcaption").get_text(strip=True) == "Chú thích ảnh"
    assert body.select(".block-gallery li")
    assert body.select_one(".block-video iframe")["src"].startswith("https://www.youtube-nocookie")
    assert body.select_one(".block-document a").get_text(strip=True) == "Kế hoạch năm học"
    assert "Học, học nữa, học mãi." in body.select_one(".block-quote").get_text()
    assert [th.get_text(strip=True) for th in body.select(".block-table th")] == [
        "Năm",
        "Số trường",
    ]
    assert html.select_one('a.tag[href$="/chuyen-muc/chuyen-doi-so/"]')
    assert html.select_one('a.tag[href$="/the/hoc-ba-so/"]')


def test_images_are_responsive_with_webp(client, full_article):
    html = soup(client.get(full_article.url))
    picture = html.select_one(".article__image picture")
    sources = picture.find_all("source")
    assert any(source.get("type") == "image/webp" for source in sources)
    assert "," in sources[0]["srcset"]  # several widths
    assert picture.find("img")["sizes"]


def test_open_graph_and_canonical(client, full_article):
    html = soup(client.get(full_article.url + "?utm_source=zalo"))
    canonical = html.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{full_article.url}"
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in html.find_all("meta")
        if tag.get("content")
    }
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Triển khai học bạ số"
    assert meta["og:url"] == canonical
    assert meta["og:description"] == "Tóm tắt về học bạ số."
    assert meta["description"] == "Tóm tắt về học bạ số."
    assert meta["og:image"].startswith("http://testserver/")


def test_breadcrumbs_lead_from_home_to_the_page(client, full_article, news_index):
    html = soup(client.get(full_article.url))
    crumbs = html.select("nav.breadcrumbs li")
    links = [a["href"] for a in html.select("nav.breadcrumbs a")]
    assert links == ["/", news_index.url]
    assert crumbs[-1].get_text(strip=True) == "Triển khai học bạ số"
    assert crumbs[-1].find(attrs={"aria-current": "page"})


def test_home_page_shows_lead_news_announcements_and_quick_links(client, home, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Tin nổi bật", featured=True)
    factories.NewsArticlePageFactory(parent=news_index, title="Tin thường")
    factories.NewsArticlePageFactory(
        parent=news_index, title="Thông báo nghỉ học", announcement=True
    )
    contact = factories.ContactPageFactory(parent=home)
    home.quick_links = [
        ("quick_link", {"title": "Dịch vụ công", "description": "", "page": None, "url": ""}),
        ("quick_link", {"title": "Liên hệ", "description": "", "page": contact, "url": ""}),
    ]
    home.save()
    html = soup(client.get("/"))
    assert html.select_one(".card--lead .card__title").get_text(strip=True) == "Tin nổi bật"
    latest = [a.get_text(strip=True) for a in html.select(".home-news .card-list .card__title")]
    assert "Tin nổi bật" not in latest
    assert "Tin thường" in latest
    announcements = [a.get_text(strip=True) for a in html.select(".announcement-list a")]
    assert announcements == ["Thông báo nghỉ học"]
    soon = html.select_one(".quick-link--soon")
    assert "Dịch vụ công" in soon.get_text()
    assert soon.find("a") is None
    assert html.select_one(f'a.quick-link[href="{contact.url}"]')


def test_standard_page_renders(client, home):
    page = factories.StandardPageFactory(
        parent=home, title="Giới thiệu", body=[factories.paragraph("<p>Chức năng, nhiệm vụ.</p>")]
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Chức năng, nhiệm vụ." in response.content.decode()


def test_contact_page_renders_its_form(client, contact_page):
    html = soup(client.get(contact_page.url))
    labels = [label.get_text(" ", strip=True) for label in html.select(".form__field label")]
    assert any(label.startswith("Họ và tên") for label in labels)
    assert html.select_one('input[name="form_token"][type="hidden"]')
    trap = html.select_one(".form__trap")
    assert trap["aria-hidden"] == "true"
    assert trap.find("input", attrs={"name": "website", "tabindex": "-1"})


def test_header_and_footer_come_from_the_site_settings(client, home, news_index):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    OrganisationSettings.objects.create(site=site, name="Sở GDĐT Thử nghiệm", phone="0255 123 456")
    NavigationSettings.objects.create(
        site=site,
        header_links=[("link", {"label": "Tin tức", "page": news_index, "url": ""})],
        footer_links=[("link", {"label": "Bộ GDĐT", "page": None, "url": "https://moet.gov.vn/"})],
    )
    html = soup(client.get(news_index.url))
    assert html.select_one(".site-brand__name").get_text(strip=True) == "Sở GDĐT Thử nghiệm"
    nav_link = html.select_one(".site-nav a")
    assert nav_link["href"] == news_index.url
    assert nav_link["aria-current"] == "page"
    assert html.select_one('.site-footer a[href="https://moet.gov.vn/"]')
    assert "0255 123 456" in html.select_one(".site-footer").get_text()


def test_accessible_page_skeleton(client, home):
    html = soup(client.get("/"))
    assert html.find("html")["lang"] == "vi"
    skip = html.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert html.find("main", id="main")
    assert html.find("header") and html.find("footer")
    search_input = html.select_one(".site-search input[name=q]")
    assert html.find("label", attrs={"for": search_input["id"]})


def test_no_external_assets(client, full_article):
    """Nothing is loaded from another host: the portal works on a closed network."""
    html = soup(client.get(full_article.url))
    for tag, attribute in (("link", "href"), ("script", "src")):
        for element in html.find_all(tag):
            value = element.get(attribute) or ""
            if tag == "link" and element.get("rel") not in (["stylesheet"], ["icon"]):
                continue
            assert not value.startswith(("http:", "https:", "//")), value


def test_unknown_address_gets_the_vietnamese_404(client, home):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    html = soup(response)
    assert html.find("html")["lang"] == "vi"
    assert html.find("h1").get_text(strip=True) == "Không tìm thấy trang"


def test_server_error_page_needs_no_database(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
