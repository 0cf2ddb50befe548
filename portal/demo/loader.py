"""Builds the department's demo site from portal.demo.content with the shared factories.

Later issues add their own sections here (schools, documents, services).
"""

import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from admissions.demo import load_admissions
from alerts.demo import load_department_alerts
from calendars.demo import load_department_calendars
from consultations.demo import load_consultations
from legaldocs.demo import load_department_documents
from organisation.demo import load_department_organisation
from portal import factories
from portal.demo import content
from portal.models import HomePage, NavigationSettings, OrganisationSettings
from procedures.demo import load_procedures
from questions.demo import load_department_questions
from sites.demo import load_schools
from sites.selectors import school_site_port

REFERENCE_FILE = Path(__file__).resolve().parents[2] / "sites" / "data" / "reference.json"
DEMO_VIDEO_URL = "https://www.youtube.com/watch?v=demo-so-gddt"


# A small valid one-page PDF (kept under this name for the tests that import it).
_minimal_pdf = factories.minimal_pdf


def _rich_body(paragraphs, image=None, gallery=(), document=None, with_extras=False):
    body = [factories.paragraph(f"<p>{text}</p>") for text in paragraphs]
    if image is not None:
        body.insert(1, ("image", {"image": image, "caption": "Quang cảnh hội nghị."}))
    if with_extras:
        body.append(
            (
                "quote",
                {
                    "quote": "Mỗi thầy cô giáo phải thực sự là một tấm gương đạo đức, tự học và sáng tạo.",
                    "attribution": "Giám đốc Sở Giáo dục và Đào tạo",
                },
            )
        )
        body.append(
            (
                "table",
                {
                    "caption": "Kết quả tốt nghiệp THPT qua các năm",
                    "table": {
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "data": [
                            ["Năm học", "Số thí sinh", "Tỷ lệ tốt nghiệp"],
                            ["2023-2024", "15.812", "98,1%"],
                            ["2024-2025", "16.240", "98,4%"],
                            ["2025-2026", "16.905", "98,6%"],
                        ],
                    },
                },
            )
        )
        if gallery:
            body.append(
                (
                    "gallery",
                    {
                        "title": "Hình ảnh hội nghị",
                        "images": [{"image": img, "caption": ""} for img in gallery],
                    },
                )
            )
        if document is not None:
            body.append(
                ("document", {"document": document, "title": "Báo cáo tổng kết năm học (PDF)"})
            )
        body.append(("video", {"video": DEMO_VIDEO_URL, "caption": "Phóng sự về năm học mới."}))
    return body


def _ensure_demo_embed():
    """Record the demo video's embed so pages render it without reaching the internet."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(DEMO_VIDEO_URL),
        defaults={
            "url": DEMO_VIDEO_URL,
            "html": (
                '<iframe title="Phóng sự năm học mới" width="640" height="360" '
                'src="https://www.youtube-nocookie.com/embed/demo" allowfullscreen></iframe>'
            ),
            "type": "video",
            "provider_name": "YouTube",
            "width": 640,
            "height": 360,
            "last_updated": timezone.now(),
        },
    )


def demo_loaded():
    return HomePage.objects.exists()


@transaction.atomic
def load_department(*, extra_articles=0, hostname="localhost", port=None):
    """Create the department site. Returns the home page. Call only on an empty portal."""
    root = Page.get_first_root_node()
    # Wagtail's installation creates a placeholder "Welcome" page: the portal replaces it.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = factories.HomePageFactory(
        parent=root,
        title="Cổng thông tin điện tử Sở Giáo dục và Đào tạo",
        slug="trang-chu",
        intro="Thông tin chính thống về giáo dục và đào tạo của tỉnh: tin tức, văn bản, "
        "thủ tục hành chính, tuyển sinh và trang thông tin của các trường học.",
        search_description="Cổng thông tin điện tử của Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi.",
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # The port the portal is served on (8000 on a development machine), so that links
    # between the department and school sites keep it.
    site.hostname, site.root_page = hostname, home
    site.port = port or school_site_port()
    site.site_name = content.ORGANISATION["name"]
    site.save()

    categories = {
        slug: factories.NewsCategoryFactory(name=name, slug=slug)
        for name, slug in content.CATEGORIES
    }
    news = factories.NewsIndexPageFactory(parent=home)
    images = [factories.ImageFactory(title=f"Ảnh tin tức {n + 1}") for n in range(8)]
    document = get_document_model().objects.create(
        title="Báo cáo tổng kết năm học 2025-2026",
        file=ContentFile(_minimal_pdf("Bao cao tong ket nam hoc 2025-2026"), name="bao-cao.pdf"),
    )
    _ensure_demo_embed()
    now = timezone.now()
    for number, row in enumerate(content.ARTICLES):
        title, intro, paragraphs, category_slugs, tags, featured, announcement, days_ago = row
        image = images[number % len(images)]
        lead = number == 0
        factories.NewsArticlePageFactory(
            parent=news,
            title=title,
            intro=intro,
            date=now - datetime.timedelta(days=days_ago, hours=number),
            main_image=image,
            body=_rich_body(
                paragraphs,
                image=images[(number + 3) % len(images)] if lead else None,
                gallery=images[4:7] if lead else (),
                document=document if lead else None,
                with_extras=lead,
            ),
            featured=featured,
            announcement=announcement,
            push_to_schools=title in content.PUSHED_TO_SCHOOLS,
            categories=[categories[slug] for slug in category_slugs],
            tag_names=tags,
        )
    for number in range(extra_articles):
        # Titles of varied length, as real ones are (identical lengths make the database search
        # backend rewrite every index row on each save).
        topic = content.EXTRA_TOPICS[number % len(content.EXTRA_TOPICS)]
        factories.NewsArticlePageFactory(
            parent=news,
            title=f"{topic} (bản tin số {number + 1})",
            intro="Hoạt động chuyên môn, phong trào thi đua của các đơn vị trong ngành.",
            date=now - datetime.timedelta(days=30 + number),
            main_image=images[number % len(images)],
            categories=[categories["tin-tuc-su-kien"]],
        )

    standard_pages = [
        factories.StandardPageFactory(
            parent=home,
            title=title,
            slug=slug,
            intro=intro,
            body=[factories.paragraph(html) for html in blocks],
        )
        for title, slug, intro, blocks in content.STANDARD_PAGES
    ]
    contact = factories.add_default_contact_fields(
        factories.ContactPageFactory(
            parent=home,
            to_address=content.ORGANISATION["email"],
            from_address="cong-thong-tin@quangngai.edu.vn",
            subject="Ý kiến gửi qua Cổng thông tin",
        )
    )
    library = load_department_documents(home=home)
    organisation = load_department_organisation(home=home)
    load_department_questions(home=home)
    load_consultations(home=home)
    directory, _schools = load_schools(department_home=home, reference_file=REFERENCE_FILE)
    calendar = load_department_calendars(home=home)
    load_department_alerts()
    procedures = load_procedures(home=home)
    admissions = load_admissions(home=home)
    targets = {
        "Tuyển sinh đầu cấp": admissions,
        "Tra cứu trường học": directory,
        "Văn bản chỉ đạo, điều hành": library,
        "Dịch vụ công trực tuyến": procedures,
    }
    home.quick_links = [
        (
            "quick_link",
            {
                "title": title,
                "description": description,
                "page": targets.get(title),
                "url": "",
            },
        )
        for title, description in content.QUICK_LINKS
    ] + [
        (
            "quick_link",
            {
                "title": "Liên hệ, góp ý",
                "description": "Gửi câu hỏi, ý kiến tới Sở Giáo dục và Đào tạo.",
                "page": contact,
                "url": "",
            },
        )
    ]
    home.save_revision().publish()

    OrganisationSettings.objects.update_or_create(
        site=site,
        defaults={
            **content.ORGANISATION,
            "footer_text": RichText(content.ORGANISATION["footer_text"]).source,
        },
    )
    link = lambda label, page=None, url="": ("link", {"label": label, "page": page, "url": url})  # noqa: E731
    NavigationSettings.objects.update_or_create(
        site=site,
        defaults={
            "header_links": [
                link("Trang chủ", home),
                link(standard_pages[0].title, standard_pages[0]),
                link(news.title, news),
                link(library.title, library),
                link(directory.title, directory),
                link("Lịch công tác", calendar),
                link(organisation.title, organisation),
                link("Thủ tục hành chính", procedures),
                link(admissions.title, admissions),
                link(contact.title, contact),
            ],
            "footer_links": [
                link(standard_pages[0].title, standard_pages[0]),
                link(contact.title, contact),
                link("Bộ Giáo dục và Đào tạo", url="https://moet.gov.vn/"),
                link("Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn/"),
            ],
        },
    )
    return home
