"""An online application from submission to the result, in the browser (issue 6).

A citizen applies with a PDF attachment and gets a receipt code; an officer in the Wagtail
admin requests a supplement; the citizen looks the application up with the code and the
phone number and sends it; the officer approves and issues the result with a result file;
the citizen looks it up again and downloads the result. Only plain inputs and textareas are
typed into (Playwright cannot type Vietnamese into Draftail).
"""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from applications.fields import FieldType
from applications.models import Application, Attachment
from applications.status import Status
from portal.demo.loader import _minimal_pdf
from procedures import factories
from tests.conftest import build_home

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "MatKhau-ThuNghiem-2025"
PHONE = "0905 123 456"
SUPPLEMENT_NOTE = "Đề nghị bổ sung bản chụp học bạ lớp 12 có xác nhận của nhà trường."
ATTACHMENT = _minimal_pdf("Ban chup bang tot nghiep THPT")
SUPPLEMENT = _minimal_pdf("Hoc ba lop 12")
RESULT = _minimal_pdf("Ban sao bang tot nghiep THPT - So goc 2019")


@pytest.fixture
def procedure(live_server):
    from django.core.cache import cache

    cache.clear()  # the tracking rate limit starts afresh
    home = build_home()
    catalogue = factories.ProcedureIndexPageFactory(parent=home)
    procedure = factories.ProcedurePageFactory(
        parent=catalogue,
        title="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        handling="here",
        time_limit_days=3,
    )
    factories.add_form_field(
        procedure, sort_order=0, step=1, label="Năm tốt nghiệp", field_type=FieldType.TEXT
    )
    factories.add_form_field(
        procedure,
        sort_order=1,
        step=1,
        label="Bản chụp văn bằng",
        field_type=FieldType.FILE,
        max_size_mb=2,
    )
    User.objects.create_superuser("so.motcua", password=PASSWORD)
    return procedure


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, content in (
        ("bang-tot-nghiep.pdf", ATTACHMENT),
        ("hoc-ba-lop-12.pdf", SUPPLEMENT),
        ("ban-sao-van-bang.pdf", RESULT),
    ):
        paths[name] = tmp_path / name
        paths[name].write_bytes(content)
    return paths


def look_up(citizen, catalogue_url, code):
    citizen.goto(catalogue_url + "tra-cuu/")
    citizen.get_by_label("Mã hồ sơ").fill(code)
    citizen.get_by_label("Số điện thoại di động").fill(PHONE)
    citizen.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(citizen.locator("#tracked-code")).to_have_text(code)


def staff_moves(staff, application, to_status, *, note="", result=None):
    staff.goto(f"/admin/ho-so-truc-tuyen/{application.pk}/")
    if note:
        staff.locator("#id_note").fill(note)
    if result:
        staff.locator("#id_result").set_input_files(result)
    staff.locator(f'button[name="to_status"][value="{to_status}"]').click()
    expect(staff.locator(".messages")).to_contain_text("Đã cập nhật hồ sơ")


def test_an_application_from_submission_to_the_downloaded_result(procedure, files, new_page):
    catalogue_url = procedure.get_parent().url

    # The citizen applies online.
    citizen = new_page()
    citizen.goto(procedure.url)
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    citizen.get_by_role("link", name="Bắt đầu").click()
    citizen.get_by_label("Họ và tên").fill("Trần Thị Bình")
    citizen.get_by_label("Ngày sinh").fill("2001-04-15")  # a date input
    citizen.get_by_label("Số định danh cá nhân").fill("051301000777")
    citizen.get_by_label("Số điện thoại di động").fill(PHONE)
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_label("Năm tốt nghiệp").fill("2019")
    citizen.get_by_label("Bản chụp văn bằng").set_input_files(files["bang-tot-nghiep.pdf"])
    citizen.get_by_role("button", name="Tiếp tục").click()

    expect(citizen.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi nộp hồ sơ"
    )
    answers = citizen.locator("main")
    for shown in ("Trần Thị Bình", "0905123456", "2019", "bang-tot-nghiep.pdf"):
        expect(answers).to_contain_text(shown)
    citizen.get_by_label("Tôi đồng ý").check()
    citizen.get_by_role("button", name="Nộp hồ sơ").click()

    expect(citizen.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ thành công")
    code = citizen.locator("#receipt-code").inner_text().strip()
    application = Application.objects.get()
    assert application.code == code
    assert application.status == Status.SUBMITTED
    submitted = application.attachments.get(kind=Attachment.Kind.APPLICANT)
    assert submitted.file.read() == ATTACHMENT

    # An officer requests a supplement in the Wagtail admin.
    staff = new_page()
    staff.goto("/admin/login/")
    staff.fill("#id_username", "so.motcua")
    staff.fill("#id_password", PASSWORD)
    staff.get_by_role("button", name="Đăng nhập").click()
    staff.goto("/admin/ho-so-truc-tuyen/")
    staff.get_by_role("link", name=code).click()
    expect(staff.locator("main")).to_contain_text("Trần Thị Bình")
    staff_moves(staff, application, Status.RECEIVED)
    staff_moves(staff, application, Status.IN_REVIEW)
    staff_moves(staff, application, Status.SUPPLEMENT_REQUESTED, note=SUPPLEMENT_NOTE)

    # The citizen looks the application up and sends the supplement.
    look_up(citizen, catalogue_url, code)
    expect(citizen.locator("#tracked-status")).to_have_text("Yêu cầu bổ sung")
    expect(citizen.locator("main")).to_contain_text(SUPPLEMENT_NOTE)
    citizen.get_by_label("Tệp (PDF, JPG, PNG, DOCX; mỗi tệp tối đa 10 MB)").set_input_files(
        files["hoc-ba-lop-12.pdf"]
    )
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(citizen.locator("#tracked-status")).to_have_text("Đã bổ sung")
    application.refresh_from_db()
    assert application.status == Status.SUPPLEMENTED
    assert application.attachments.get(kind=Attachment.Kind.SUPPLEMENT).file.read() == SUPPLEMENT

    # The officer approves and issues the result with its document.
    staff_moves(staff, application, Status.APPROVED)
    staff_moves(staff, application, Status.RESULT_ISSUED, result=files["ban-sao-van-bang.pdf"])
    application.refresh_from_db()
    assert application.status == Status.RESULT_ISSUED

    # The citizen, in a new session, looks it up again and downloads the result.
    later = new_page(accept_downloads=True)
    look_up(later, catalogue_url, code)
    expect(later.locator("#tracked-status")).to_have_text("Đã trả kết quả")
    with later.expect_download() as download_info:
        later.get_by_role("link", name="ban-sao-van-bang.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "ban-sao-van-bang.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == RESULT
    assert later.problems == []
