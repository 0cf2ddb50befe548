"""Factories for the department's pages: used by the tests and by the demo-content command."""

import datetime
import io
import random

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.rich_text import RichText

from portal import models
from portal.text import slugify_vi


def paragraph(html):
    return ("paragraph", RichText(html))


def make_image_file(name="anh.jpg", size=(1200, 675), seed=None):
    """A JPEG with a soft two-colour gradient and a few shapes: light demo imagery."""
    rng = random.Random(seed)
    width, height = size
    start = [rng.randint(20, 120) for _ in range(3)]
    end = [rng.randint(120, 230) for _ in range(3)]
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / max(height - 1, 1)
        colour = tuple(int(s + (e - s) * mix) for s, e in zip(start, end, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(30, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ImageFile(buffer, name=name)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Ảnh minh hoạ {n}")
    file = factory.LazyAttributeSequence(lambda o, n: make_image_file(f"anh-{n}.jpg", seed=n))


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")

    class Meta:
        model = models.NewsCategory
        django_get_or_create = ("slug",)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Trang chủ"
    slug = "trang-chu"
    intro = ""

    class Meta:
        model = models.HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Trang {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    intro = "Giới thiệu ngắn về nội dung trang."
    body = factory.LazyFunction(lambda: [paragraph("<p>Nội dung trang.</p>")])

    class Meta:
        model = models.StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tin tức"
    slug = "tin-tuc"
    intro = "Tin tức, sự kiện của ngành Giáo dục và Đào tạo."

    class Meta:
        model = models.NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bản tin số {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    date = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(hours=n))
    intro = "Tóm tắt bản tin."
    body = factory.LazyFunction(lambda: [paragraph("<p>Nội dung bản tin.</p>")])

    class Meta:
        model = models.NewsArticlePage
        skip_postgeneration_save = True  # the hooks below save only when they change something

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def tag_names(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Liên hệ"
    slug = "lien-he"
    intro = "<p>Gửi ý kiến, câu hỏi tới cơ quan.</p>"
    thank_you_text = "<p>Cảm ơn bạn. Chúng tôi đã nhận được ý kiến và sẽ phản hồi sớm.</p>"

    class Meta:
        model = models.ContactPage


class ContactFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Trường {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = models.ContactFormField


def add_default_contact_fields(page):
    """The contact form most units need: name, e-mail, phone, subject, message."""
    fields = [
        ("Họ và tên", "singleline", True, ""),
        ("Thư điện tử", "email", True, ""),
        ("Số điện thoại", "singleline", False, ""),
        ("Tiêu đề", "singleline", True, ""),
        ("Nội dung", "multiline", True, ""),
    ]
    for order, (label, field_type, required, help_text) in enumerate(fields):
        ContactFormFieldFactory(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=required,
            help_text=help_text,
        )
    return page


def minimal_pdf(text):
    """A small valid one-page PDF with a line of ASCII text (demo and test documents open
    in any reader and have text to extract)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 760 Td ({escaped}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
