"""A document's page: its record, both ends of a replacement, related documents, files."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.utils.sendfile import _get_sendfile

from legaldocs.factories import LegalDocumentPageFactory, document_file
from legaldocs.models import LegalDocumentPage

pytestmark = pytest.mark.django_db


def test_a_replaced_document_and_its_replacement_link_to_each_other(client, library):
    new = LegalDocumentPageFactory(parent=library, number="112/KH-SGDĐT", title="Kế hoạch 2025")
    old = LegalDocumentPageFactory(
        parent=library, number="85/KH-SGDĐT", title="Kế hoạch 2024", replaced_by=new
    )
    old_html = client.get(old.url).content.decode()
    assert "Bị thay thế" in old_html
    assert "Được thay thế bởi" in old_html
    assert f'href="{new.url}"' in old_html
    new_html = client.get(new.url).content.decode()
    assert "Thay thế cho" in new_html
    assert f'href="{old.url}"' in new_html


def test_a_replacement_still_in_draft_shows_no_link(client, library):
    draft = LegalDocumentPageFactory(parent=library, number="9/KH", live=False)
    old = LegalDocumentPageFactory(parent=library, number="8/KH", replaced_by=draft)
    html = client.get(old.url).content.decode()
    assert "Được thay thế bởi" not in html
    assert "Còn hiệu lực" in html


def test_related_documents_show_on_both_pages(client, library):
    circular = LegalDocumentPageFactory(parent=library, number="30/2024/TT-BGDĐT")
    plan = LegalDocumentPageFactory(parent=library, number="112/KH", related=[circular])
    assert f'href="{circular.url}"' in client.get(plan.url).content.decode()
    assert f'href="{plan.url}"' in client.get(circular.url).content.decode()


def test_files_are_listed_with_type_and_size(client, library):
    pdf = document_file(title="Toàn văn", name="toan-van.pdf")
    page = LegalDocumentPageFactory(parent=library, number="1/QĐ", files=[pdf])
    html = client.get(page.url).content.decode()
    assert f'href="{pdf.url}"' in html
    assert "(PDF, " in html
    assert "byte)" in html  # Django: "52\xa0byte"


def test_a_document_cannot_replace_itself_or_its_replacement(library):
    first = LegalDocumentPageFactory(parent=library, number="1/QĐ")
    second = LegalDocumentPageFactory(parent=library, number="2/QĐ", replaced_by=first)
    first.replaced_by = first
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert "không thể thay thế chính nó" in str(error.value)
    first.replaced_by = second
    with pytest.raises(ValidationError):
        first.full_clean()


def test_search_index_holds_public_fields_only():
    names = {field.field_name for field in LegalDocumentPage.search_fields}
    assert {"title", "number", "summary"} <= names


@pytest.fixture
def x_accel(settings, tmp_path):
    settings.SENDFILE_BACKEND = "portal.sendfile_nginx"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT / "documents")
    settings.SENDFILE_URL = "/_documents/"
    _get_sendfile.clear()
    yield
    _get_sendfile.clear()


def test_downloads_are_handed_to_nginx_when_sendfile_is_on(client, x_accel):
    pdf = document_file(title="Toàn văn", name="toan-van.pdf")
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_documents/" + pdf.file.name.removeprefix("documents/")
    assert response.content == b""
    assert pdf.filename in response["Content-Disposition"]


def test_private_documents_are_still_checked_before_nginx_sends_them(client, x_accel):
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    pdf = document_file(title="Nội bộ", name="noi-bo.pdf", collection=private)
    response = client.get(pdf.url)
    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_without_sendfile_the_view_streams_the_file(client):
    pdf = document_file(title="Toàn văn", name="toan-van.pdf")
    response = client.get(pdf.url)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF")
