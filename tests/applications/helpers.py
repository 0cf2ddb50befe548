"""Shared helpers for the online services tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.fields import FieldType
from portal.demo.loader import _minimal_pdf
from procedures import factories
from sites.models import AdministrativeUnit


def pdf_upload(name="hoc-ba.pdf", text="Hoc ba"):
    return SimpleUploadedFile(name, _minimal_pdf(text), content_type="application/pdf")


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def units():
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="51", defaults={"name": "Quảng Ngãi", "unit_type": "Tỉnh"}
    )
    commune, _ = AdministrativeUnit.objects.get_or_create(
        code="21100", defaults={"name": "Nghĩa Lộ", "unit_type": "Phường", "parent": province}
    )
    return province, commune


def with_form(page):
    """Fields of every type on two form pages."""
    units()
    rows = [
        (1, "Loại văn bằng", FieldType.CHOICE, True, "Bằng tốt nghiệp THPT\nBằng tốt nghiệp THCS"),
        (1, "Năm tốt nghiệp", FieldType.TEXT, True, ""),
        (1, "Ngày cấp", FieldType.DATE, False, ""),
        (1, "Số định danh của học sinh", FieldType.PERSONAL_ID, False, ""),
        (1, "Điện thoại liên hệ khác", FieldType.PHONE, False, ""),
        (1, "Thư điện tử khác", FieldType.EMAIL, False, ""),
        (1, "Địa chỉ nhận kết quả", FieldType.ADDRESS, True, ""),
        (2, "Bản chụp giấy tờ", FieldType.FILE, True, ""),
        (2, "Cam kết thông tin đúng sự thật", FieldType.CONSENT, True, ""),
    ]
    for order, (step, label, kind, required, choices) in enumerate(rows):
        factories.add_form_field(
            page,
            sort_order=order,
            step=step,
            label=label,
            field_type=kind,
            required=required,
            choices=choices,
            max_size_mb=1,
        )
    return page


APPLICANT = {
    "name": "Trần Thị Bình",
    "birth_date": "2001-04-15",
    "personal_id": "051301000777",
    "phone": "0905 123 456",
    "email": "binh@example.vn",
}
STEP_2 = {
    "loai_van_bang": "Bằng tốt nghiệp THPT",
    "nam_tot_nghiep": "2019",
    "ngay_cap": "2019-07-20",
    "dia_chi_nhan_ket_qua_0": "21100",
    "dia_chi_nhan_ket_qua_1": "12 Quang Trung",
}


def fill_journey(client, page, upload=None):
    """Go through every form page; returns the check-answers response."""
    base = page.url + "nop-truc-tuyen/"
    assert client.post(base + "buoc-1/", APPLICANT).status_code == 302
    assert client.post(base + "buoc-2/", STEP_2).status_code == 302
    response = client.post(
        base + "buoc-3/",
        {"ban_chup_giay_to": upload or pdf_upload(), "cam_ket_thong_tin_dung_su_that": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.get(base + "kiem-tra/")
