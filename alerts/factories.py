"""Factories for alerts: used by the tests and the demo content."""

import datetime

import factory
from django.utils import timezone

from alerts.models import Alert


class AlertFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Thông báo khẩn số {n}")
    message = (
        "Học sinh nghỉ học để phòng, chống bão. Cha mẹ học sinh theo dõi thông báo của trường."
    )
    severity = Alert.Severity.WARNING
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))

    class Meta:
        model = Alert
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create and extracted:
            self.levels.set(extracted)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)
