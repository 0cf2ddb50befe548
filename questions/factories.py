"""Factories for Q&A: used by the tests and the demo content."""

import factory
import wagtail_factories
from django.utils import timezone

from portal.submissions.models import SubmissionStatus
from portal.text import slugify_vi
from questions import models


class QuestionsPageFactory(wagtail_factories.PageFactory):
    title = "Hỏi đáp"
    slug = "hoi-dap"
    intro = "Gửi câu hỏi về tuyển sinh, thủ tục, chế độ chính sách; cán bộ sẽ trả lời tại đây."

    class Meta:
        model = models.QuestionsPage


class QuestionTopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chủ đề {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.name))

    class Meta:
        model = models.QuestionTopic


def add_topics(page, names):
    """Give a questions page its topics (as an editor does in the page form)."""
    return [
        QuestionTopicFactory(page=page, name=name, sort_order=order)
        for order, name in enumerate(names)
    ]


class QuestionFactory(factory.django.DjangoModelFactory):
    name = "Nguyễn Văn An"
    email = factory.Sequence(lambda n: f"phuhuynh{n}@example.vn")
    phone = ""
    question = factory.Sequence(lambda n: f"Xin hỏi về thủ tục chuyển trường, câu hỏi số {n}?")
    answer = ""

    class Meta:
        model = models.Question

    class Params:
        published = factory.Trait(
            status=SubmissionStatus.PUBLISHED,
            answer="Phụ huynh nộp hồ sơ tại bộ phận một cửa của nhà trường.",
            published_at=factory.LazyFunction(timezone.now),
            notified_at=factory.LazyFunction(timezone.now),
        )
