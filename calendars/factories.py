"""Factories for the calendars: used by the tests and by the demo content."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from calendars import models
from calendars.models.work import week_slug, week_title
from calendars.weeks import Week
from portal.text import slugify_vi


class BridgePointFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Điểm cầu số {n}")
    code = factory.Sequence(lambda n: f"diem-cau-{n}")

    class Meta:
        model = models.BridgePoint
        django_get_or_create = ("code",)


class CalendarIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lịch"
    slug = "lich"

    class Meta:
        model = models.CalendarIndexPage


def _today():
    return timezone.localdate()


class WorkWeekPageFactory(wagtail_factories.PageFactory):
    week_start = factory.LazyFunction(
        lambda: _today() - datetime.timedelta(days=_today().weekday())
    )
    title = factory.LazyAttribute(lambda o: str(week_title(Week.containing(o.week_start))))
    slug = factory.LazyAttribute(lambda o: week_slug(Week.containing(o.week_start)))

    class Meta:
        model = models.WorkWeekPage


class WorkEntryFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(WorkWeekPageFactory)
    date = factory.LazyAttribute(lambda o: o.page.week_start)
    start_time = datetime.time(7, 30)
    content = factory.Sequence(lambda n: f"Làm việc tại cơ quan ({n})")
    participants = "Giám đốc Sở"
    location = "Trụ sở Sở GDĐT"

    class Meta:
        model = models.WorkEntry


def add_entries(page, rows):
    """Give a work week page its entries (date offset from Monday, start, end, content,
    participants, location) and publish it."""
    for offset, start, end, content, participants, location in rows:
        page.entries.add(
            models.WorkEntry(
                date=page.week_start + datetime.timedelta(days=offset),
                start_time=start,
                end_time=end,
                content=content,
                participants=participants,
                location=location,
            )
        )
    page.save_revision().publish()
    return page


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sự kiện {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    start_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    intro = "Hoạt động của nhà trường."
    location = "Hội trường"

    class Meta:
        model = models.EventPage


class MeetingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Họp trực tuyến {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=3))
    start_time = datetime.time(8, 0)
    end_time = datetime.time(11, 0)
    chair = "Giám đốc Sở Giáo dục và Đào tạo"
    agenda = "Đánh giá kết quả học kỳ I\nTriển khai nhiệm vụ học kỳ II"
    main_bridge = factory.SubFactory(BridgePointFactory, is_main=True)

    class Meta:
        model = models.MeetingPage

    @factory.post_generation
    def bridges(obj, create, extracted, **kwargs):
        if extracted:
            obj.bridge_points.set(extracted)
            obj.save_revision().publish()
