"""The public procedure catalogue and procedure pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures import factories
from procedures.demo import load_procedures
from procedures.models import ProcedureIndexPage, ProcedurePage


@pytest.fixture
def demo_catalogue(home):
    return load_procedures(home=home)


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
class TestCatalogue:
    def test_lists_every_demo_procedure(self, client, demo_catalogue):
        response = client.get(demo_catalogue.url)
        html = response.content.decode()
        assert response.status_code == 200
        for page in ProcedurePage.objects.all():
            assert page.title in html
        assert "7 thủ tục" in html

    def test_filters_by_field_body_and_level(self, client, demo_catalogue):
        html = client.get(demo_catalogue.url, {"linh_vuc": "van-bang-chung-chi"}).content.decode()
        assert "Cấp bản sao văn bằng" in html and "Chuyển trường" not in html
        html = client.get(demo_catalogue.url, {"co_quan": "ubnd-tinh"}).content.decode()
        assert "Cho phép thành lập trường trung học phổ thông" in html
        assert "Cấp bản sao văn bằng" not in html
        html = client.get(demo_catalogue.url, {"muc_do": "full"}).content.decode()
        assert "Cấp bản sao văn bằng" in html and "Chuyển trường" in html
        assert "Chỉnh sửa nội dung" not in html

    def test_search_by_code(self, client, demo_catalogue):
        html = client.get(demo_catalogue.url, {"q": "1.001639"}).content.decode()
        assert "Chuyển trường" in html and "Cấp bản sao" not in html

    @pytest.mark.parametrize(
        ("param", "value", "message"),
        [
            ("linh_vuc", "khong-ton-tai", "Lĩnh vực thủ tục này không tồn tại."),
            ("co_quan", "khong-ton-tai", "Cơ quan thực hiện này không tồn tại."),
            ("muc_do", "4", "Mức độ trực tuyến này không tồn tại."),
        ],
    )
    def test_invalid_filter_is_a_400_in_vietnamese(
        self, client, demo_catalogue, param, value, message
    ):
        response = client.get(demo_catalogue.url, {param: value})
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_query_count_does_not_grow_with_procedures(self, client, demo_catalogue):
        few = count_queries(client, demo_catalogue.url)
        for n in range(10):
            factories.ProcedurePageFactory(parent=demo_catalogue, title=f"Thủ tục thêm {n}")
        assert count_queries(client, demo_catalogue.url) == few
        assert few <= 16

    def test_one_catalogue_per_home(self, home, demo_catalogue):
        assert not ProcedureIndexPage.can_create_at(home)


@pytest.mark.django_db
class TestProcedurePage:
    def test_full_public_record(self, client, demo_catalogue):
        page = ProcedurePage.objects.get(code="1.005092")
        html = client.get(page.url).content.decode()
        for text in (
            "1.005092",
            "Văn bằng, chứng chỉ",
            "Sở Giáo dục và Đào tạo",
            "Toàn trình",
            "Trong ngày; qua bưu chính không quá 03 ngày làm việc",
            "Thành phần hồ sơ",
            "Đối tượng thực hiện",
            "Căn cứ pháp lý",
            "Nghị định 42/2022/NĐ-CP",
            "Cách thức nhận kết quả",
            "Nộp hồ sơ trực tuyến",
        ):
            assert text in html, text

    def test_handled_elsewhere_links_to_the_national_portal_by_code(self, client, demo_catalogue):
        page = ProcedurePage.objects.get(code="1.005088")
        html = client.get(page.url).content.decode()
        assert "https://dichvucong.gov.vn/" in html and "ma_thu_tuc=1.005088" in html
        assert "Nộp hồ sơ trực tuyến" not in html
        # And its online journey does not exist.
        assert client.get(page.url + "nop-truc-tuyen/").status_code == 404

    def test_time_limit_in_working_days(self, client, demo_catalogue):
        page = ProcedurePage.objects.get(code="1.005088")
        assert "15 ngày làm việc" in client.get(page.url).content.decode()

    def test_query_count(self, client, demo_catalogue):
        page = ProcedurePage.objects.get(code="1.005092")
        assert count_queries(client, page.url) <= 15  # including the alert banner

    def test_consent_text_required_when_handled_here(self, demo_catalogue):
        from django.core.exceptions import ValidationError

        page = ProcedurePage.objects.get(code="1.005092")
        page.consent_text = ""
        with pytest.raises(ValidationError):
            page.full_clean()


@pytest.mark.django_db
def test_filter_labels_say_what_they_filter(client, demo_catalogue):
    html = client.get(demo_catalogue.url).content.decode()
    # One English string, two meanings: message contexts keep them apart in Vietnamese.
    assert "Tất cả mức độ" in html and "Tất cả cấp học" not in html
    assert "Tên hoặc mã thủ tục" in html and "Tên hoặc mã trường" not in html
