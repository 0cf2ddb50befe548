"""Factories for consultations on drafts: used by the tests and the demo content."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from consultations import models
from portal.text import slugify_vi


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lấy ý kiến dự thảo"
    slug = "lay-y-kien-du-thao"
    intro = "Các dự thảo văn bản Sở Giáo dục và Đào tạo đang lấy ý kiến nhân dân, tổ chức."

    class Meta:
        model = models.ConsultationIndexPage


class ConsultationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dự thảo kế hoạch số {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    summary = "Dự thảo quy định về tổ chức dạy thêm, học thêm trên địa bàn tỉnh."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=25))
    how_to_comment = (
        "<p>Gửi ý kiến qua biểu mẫu dưới đây, hoặc bằng văn bản về Văn phòng Sở, "
        "hoặc thư điện tử vanphong@example.edu.vn.</p>"
    )

    class Meta:
        model = models.ConsultationPage


class ConsultationCommentFactory(factory.django.DjangoModelFactory):
    name = "Trần Thị Bình"
    email = factory.Sequence(lambda n: f"gopy{n}@example.vn")
    section = "Điều 3"
    comment = factory.Sequence(
        lambda n: f"Đề nghị làm rõ đối tượng áp dụng tại Điều 3 (ý kiến {n})."
    )

    class Meta:
        model = models.ConsultationComment
