"""Every page that shows an applicant's personal data tells browsers and caches to keep
nothing (Cache-Control: no-store): the journey, the receipt, tracking, downloads, the back
office."""

import pytest
from django.test import Client

from applications.models import Attachment
from applications.services import attachment_store
from tests.applications.helpers import fill_journey, pdf_upload, with_form

QUEUE = "/admin/ho-so-truc-tuyen/"


def no_store(response):
    assert response.status_code == 200, response.status_code
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_personal_data_pages_are_never_stored(client, admin_client, procedure, catalogue):
    page = with_form(procedure)
    step_1 = client.get(page.url + "nop-truc-tuyen/buoc-1/")
    check = fill_journey(client, page, upload=pdf_upload())
    token = check.context["form"]["token"].value()
    confirmation = client.post(
        page.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"}
    )["Location"]
    application = page.applications.get()
    attachment = attachment_store(
        upload=pdf_upload("ket-qua.pdf"),
        kind=Attachment.Kind.RESULT,
        allowed=["pdf"],
        max_mb=5,
        application=application,
    )
    tracker = Client()
    found = tracker.post(
        catalogue.url + "tra-cuu/",
        {"code": application.code, "phone": application.applicant_phone},
    )
    assert found.status_code == 302
    pages = {
        "journey step": step_1,
        "check your answers": check,
        "confirmation": client.get(confirmation),
        "receipt": client.get(confirmation + "bien-nhan/"),
        "receipt PDF": client.get(confirmation + "bien-nhan/pdf/"),
        "tracking detail": tracker.get(found["Location"]),
        "tracked file": tracker.get(catalogue.url + f"tra-cuu/ho-so/tep/{attachment.pk}/"),
        "back office queue": admin_client.get(QUEUE),
        "back office detail": admin_client.get(f"{QUEUE}{application.pk}/"),
        "back office file": admin_client.get(f"{QUEUE}{application.pk}/tep/{attachment.pk}/"),
    }
    assert [name for name, response in pages.items() if not no_store(response)] == []
