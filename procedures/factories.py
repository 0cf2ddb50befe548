"""Factories for the online services: used by the tests and by the demo content."""

import uuid

import factory
import wagtail_factories

from applications.services import application_submit
from procedures import models


class ProcedureFieldFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")

    class Meta:
        model = models.ProcedureField
        django_get_or_create = ("slug",)


class HandlingBodyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    slug = factory.Sequence(lambda n: f"co-quan-{n}")

    class Meta:
        model = models.HandlingBody
        django_get_or_create = ("slug",)


class ProcedureIndexPageFactory(wagtail_factories.PageFactory):
    title = "Thủ tục hành chính"
    slug = "thu-tuc-hanh-chinh"

    class Meta:
        model = models.ProcedureIndexPage


class ProcedurePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thủ tục số {n}")
    slug = factory.Sequence(lambda n: f"thu-tuc-{n}")
    code = factory.Sequence(lambda n: f"1.00{5000 + n}")
    procedure_field = factory.SubFactory(ProcedureFieldFactory)
    handling_body = factory.SubFactory(HandlingBodyFactory)
    time_limit_days = 5
    consent_text = "Tôi đồng ý để cơ quan giải quyết thủ tục xử lý dữ liệu cá nhân trong hồ sơ."

    class Meta:
        model = models.ProcedurePage


def add_form_field(page, **kwargs):
    field = models.ProcedureFormField(page=page, **kwargs)
    field.full_clean(exclude=["page"])
    field.save()
    return field


def submit_application(procedure, *, token=None, school=None, **applicant):
    """An application as a citizen would submit it (through the real service)."""
    details = {
        "name": "Nguyễn Văn An",
        "phone": "0905123456",
        "email": "an@example.vn",
        "birth_date": None,
        "personal_id": "051204000123",
        **applicant,
    }
    application, _created = application_submit(
        definition=procedure,
        submission_token=token or uuid.uuid4(),
        applicant=details,
        answers=[],
        school=school,
    )
    return application
