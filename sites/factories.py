"""Factories for schools: used by the tests and the demo-content command."""

import factory
import wagtail_factories

from portal.text import slugify_vi
from sites import models
from sites.provisioning import SchoolData, school_provision


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Phường {n}")
    unit_type = "Phường"

    class Meta:
        model = models.AdministrativeUnit
        django_get_or_create = ("code",)


class SchoolLevelFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"Cấp {n}")

    class Meta:
        model = models.SchoolLevel
        django_get_or_create = ("code",)


class SchoolTypeFactory(factory.django.DjangoModelFactory):
    code = "cong-lap"
    name = "Công lập"

    class Meta:
        model = models.SchoolType
        django_get_or_create = ("code",)


class SchoolIndexPageFactory(wagtail_factories.PageFactory):
    title = "Trường học"
    slug = "truong-hoc"
    intro = "Danh bạ và trang thông tin điện tử của các trường học trong tỉnh."

    class Meta:
        model = models.SchoolIndexPage


def provision_school(name, code, *, unit=None, levels=None, school_type=None, slug=None, **extra):
    """Provision a school through the real provisioning service."""
    data = SchoolData(
        name=name,
        code=code,
        slug=slug or slugify_vi(name),
        school_type=school_type or SchoolTypeFactory(),
        administrative_unit=unit or AdministrativeUnitFactory(),
        levels=levels if levels is not None else [SchoolLevelFactory(code="C1", name="Tiểu học")],
        **extra,
    )
    return school_provision(data=data)
