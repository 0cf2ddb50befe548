"""Factories for legal documents: used by the tests and by the demo content."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from legaldocs import models
from portal.factories import minimal_pdf
from portal.text import fold_vi, slugify_vi


class _TermFactory(factory.django.DjangoModelFactory):
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.name))

    class Meta:
        abstract = True
        django_get_or_create = ("name",)


class DocumentTypeFactory(_TermFactory):
    name = factory.Sequence(lambda n: f"Loại văn bản {n}")

    class Meta:
        model = models.DocumentType


class IssuingBodyFactory(_TermFactory):
    name = factory.Sequence(lambda n: f"Cơ quan {n}")

    class Meta:
        model = models.IssuingBody


class DocumentAreaFactory(_TermFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")

    class Meta:
        model = models.DocumentArea


def document_file(*, title, name, collection=None, text="Van ban"):
    """A small PDF stored as a Wagtail document (in `collection` when given)."""
    body = minimal_pdf(fold_vi(text).encode("ascii", "replace").decode())
    extra = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(body, name=name), **extra
    )


class DocumentLibraryPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản"
    slug = "van-ban"
    intro = "Văn bản chỉ đạo, điều hành và văn bản quy phạm pháp luật."

    class Meta:
        model = models.DocumentLibraryPage


class LegalDocumentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Về việc triển khai nhiệm vụ số {n}")
    slug = factory.LazyAttribute(lambda o: slugify_vi(f"{o.number} {o.title}")[:80])
    number = factory.Sequence(lambda n: f"{n + 100}/QĐ-SGDĐT")
    document_type = factory.SubFactory(DocumentTypeFactory, name="Quyết định")
    issuer = factory.SubFactory(IssuingBodyFactory, name="Sở Giáo dục và Đào tạo")
    area = None
    signer = "Nguyễn Văn An – Giám đốc"
    issue_date = factory.Sequence(lambda n: datetime.date(2025, 9, 1) - datetime.timedelta(days=n))
    summary = "Trích yếu nội dung văn bản."

    class Meta:
        model = models.LegalDocumentPage
        skip_postgeneration_save = True

    @factory.post_generation
    def files(self, create, extracted, **kwargs):
        """files=[Document, ...]: attach them in order (the page is saved again)."""
        if not extracted:
            return
        for document in extracted:
            self.attachments.add(models.LegalDocumentAttachment(document=document))
        if create:
            self.save()

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if not extracted:
            return
        for target in extracted:
            self.related_links.add(models.LegalDocumentRelation(target=target))
        if create:
            self.save()
