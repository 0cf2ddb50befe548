"""Factories for public disclosures: used by the tests and the demo content."""

import factory
import wagtail_factories
from django.utils import timezone

from disclosures import models
from disclosures.schedule import school_year_of
from portal.text import slugify_vi


def figure_table(caption, rows, note=""):
    """A "figures" block: rows of (label, value, unit)."""
    return (
        "figures",
        {
            "caption": caption,
            "figures": [
                {"label": label, "value": value, "unit": unit} for label, value, unit in rows
            ],
            "note": note,
        },
    )


class DisclosureCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Danh mục công khai {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.name))

    class Meta:
        model = models.DisclosureCategory
        django_get_or_create = ("slug",)


class DisclosureIndexPageFactory(wagtail_factories.PageFactory):
    title = "Công khai"
    slug = "cong-khai"

    class Meta:
        model = models.DisclosureIndexPage


class DisclosurePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Công khai số {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))
    category = factory.LazyFunction(lambda: models.DisclosureCategory.objects.first())
    school_year = factory.LazyFunction(lambda: school_year_of(timezone.localdate()))
    intro = "Nhà trường công khai theo Thông tư 09/2024/TT-BGDĐT."

    class Meta:
        model = models.DisclosurePage
