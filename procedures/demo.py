"""Demo procedures in Vietnamese: the department's typical procedures, the
copy of a diploma, its correction and the school transfer handled online here."""

from applications.fields import FieldType
from procedures import factories
from procedures.models import Recipient

FIELDS = [
    ("Văn bằng, chứng chỉ", "van-bang-chung-chi"),
    ("Giáo dục trung học", "giao-duc-trung-hoc"),
    ("Giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân", "he-thong-giao-duc-quoc-dan"),
    ("Cơ sở giáo dục khác", "co-so-giao-duc-khac"),
]
BODIES = [("Sở Giáo dục và Đào tạo", "so-gddt"), ("UBND tỉnh", "ubnd-tinh")]
CONSENT = (
    "Tôi đồng ý để Sở Giáo dục và Đào tạo thu thập và xử lý dữ liệu cá nhân trong hồ sơ này "
    "chỉ nhằm giải quyết thủ tục hành chính đã chọn, theo Nghị định 13/2023/NĐ-CP."
)
APPLICANT_DOCS = (
    "<ul><li>Giấy tờ tùy thân (Căn cước hoặc Căn cước công dân) còn hiệu lực.</li></ul>"
)

# (title, slug, code, field, body, level, here, days, time text, fee, dossier, result, form)
PROCEDURES = [
    (
        "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "cap-ban-sao-van-bang", "1.005092",
        "van-bang-chung-chi", "so-gddt", "full", True, 0,
        "Trong ngày; qua bưu chính không quá 03 ngày làm việc", "Theo quy định của Bộ Tài chính",
        "<ul><li>Đơn đề nghị cấp bản sao.</li><li>Giấy tờ tùy thân của người được cấp văn bằng.</li>"
        "<li>Giấy tờ chứng minh quyền yêu cầu nếu là người đại diện.</li></ul>",
        "Bản sao văn bằng, chứng chỉ từ sổ gốc.",
        [
            (2, "Loại văn bằng", FieldType.CHOICE, True, "Bằng tốt nghiệp THPT\nBằng tốt nghiệp THCS\nChứng chỉ ngoại ngữ, tin học"),
            (2, "Năm tốt nghiệp", FieldType.TEXT, True, ""),
            (2, "Trường đã học", FieldType.TEXT, True, ""),
            (2, "Số bản sao đề nghị cấp", FieldType.CHOICE, True, "1\n2\n3\n4\n5"),
            (2, "Địa chỉ nhận kết quả qua bưu chính", FieldType.ADDRESS, False, ""),
            (3, "Ảnh chụp giấy tờ tùy thân", FieldType.FILE, True, ""),
        ],
    ),
    (
        "Chỉnh sửa nội dung văn bằng, chứng chỉ", "chinh-sua-van-bang", "1.005090",
        "van-bang-chung-chi", "so-gddt", "partial", True, 5, "", "Không",
        "<ul><li>Đơn đề nghị chỉnh sửa.</li><li>Văn bằng, chứng chỉ đề nghị chỉnh sửa.</li>"
        "<li>Giấy tờ hộ tịch làm căn cứ chỉnh sửa.</li></ul>",
        "Quyết định chỉnh sửa văn bằng, chứng chỉ.",
        [
            (2, "Văn bằng cần chỉnh sửa", FieldType.TEXT, True, ""),
            (2, "Nội dung đề nghị chỉnh sửa", FieldType.TEXTAREA, True, ""),
            (3, "Bản chụp văn bằng, chứng chỉ", FieldType.FILE, True, ""),
            (3, "Giấy tờ hộ tịch làm căn cứ", FieldType.FILE, True, ""),
        ],
    ),
    (
        "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
        "cong-nhan-van-bang-nuoc-ngoai", "1.005088", "van-bang-chung-chi", "so-gddt", "partial",
        False, 15, "", "Không",
        "<ul><li>Đơn đề nghị công nhận.</li><li>Văn bằng và bản dịch có chứng thực.</li>"
        "<li>Học bạ và bản dịch.</li><li>Giấy tờ chứng minh thời gian học ở nước ngoài.</li></ul>",
        "Giấy công nhận văn bằng.", [],
    ),
    (
        "Chuyển trường đối với học sinh trung học phổ thông", "chuyen-truong-thpt", "1.001639",
        "giao-duc-trung-hoc", "so-gddt", "full", True, 2, "", "Không",
        "<ul><li>Đơn xin chuyển trường của cha mẹ hoặc người giám hộ.</li><li>Học bạ.</li>"
        "<li>Giấy chứng nhận trúng tuyển vào lớp 10.</li><li>Giấy giới thiệu chuyển trường.</li></ul>",
        "Giấy giới thiệu chuyển trường; học sinh được tiếp nhận vào trường mới.",
        [
            (2, "Họ và tên học sinh", FieldType.TEXT, True, ""),
            (2, "Ngày sinh của học sinh", FieldType.DATE, True, ""),
            (2, "Số định danh cá nhân của học sinh", FieldType.PERSONAL_ID, True, ""),
            (2, "Trường đang học", FieldType.TEXT, True, ""),
            (2, "Lý do chuyển trường", FieldType.CHOICE, True, "Gia đình chuyển nơi cư trú\nLý do khác"),
            (2, "Nơi cư trú mới", FieldType.ADDRESS, True, ""),
            (3, "Học bạ (bản chụp)", FieldType.FILE, True, ""),
            (3, "Giấy chứng nhận trúng tuyển lớp 10", FieldType.FILE, False, ""),
            (3, "Cam kết thông tin kê khai là đúng sự thật", FieldType.CONSENT, True, ""),
        ],
    ),
    (
        "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", "cho-phep-trung-tam-ngoai-ngu-tin-hoc",
        "1.005097", "co-so-giao-duc-khac", "so-gddt", "partial", False, 15, "", "Không",
        "<ul><li>Tờ trình đề nghị cho phép hoạt động.</li><li>Nội quy của trung tâm.</li>"
        "<li>Kế hoạch hoạt động.</li></ul>",
        "Quyết định cho phép hoạt động giáo dục.", [],
    ),
    (
        "Cho phép thành lập trường trung học phổ thông", "thanh-lap-truong-thpt", "1.004475",
        "he-thong-giao-duc-quoc-dan", "ubnd-tinh", "partial", False, 25, "", "Không",
        "<ul><li>Tờ trình đề nghị thành lập.</li><li>Đề án thành lập trường.</li></ul>",
        "Quyết định thành lập trường.", [],
    ),
    (
        "Cho phép trường trung học phổ thông hoạt động giáo dục", "truong-thpt-hoat-dong-giao-duc",
        "1.004444", "he-thong-giao-duc-quoc-dan", "so-gddt", "partial", False, 20, "", "Không",
        "<ul><li>Tờ trình đề nghị cho phép hoạt động giáo dục.</li><li>Báo cáo các điều kiện bảo đảm.</li></ul>",
        "Quyết định cho phép hoạt động giáo dục.", [],
    ),
]  # fmt: skip


def load_procedures(*, home):
    """The procedure catalogue under the department home. Returns the catalogue page."""
    fields = {slug: factories.ProcedureFieldFactory(name=name, slug=slug) for name, slug in FIELDS}
    bodies = {slug: factories.HandlingBodyFactory(name=name, slug=slug) for name, slug in BODIES}
    catalogue = factories.ProcedureIndexPageFactory(
        parent=home,
        intro="Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Giáo dục và Đào "
        "tạo; nộp hồ sơ trực tuyến và tra cứu kết quả giải quyết.",
    )
    for row in PROCEDURES:
        title, slug, code, field, body, level, here, days, days_text, fee, dossier, result, form = (
            row
        )
        page = factories.ProcedurePageFactory(
            parent=catalogue,
            title=title,
            slug=slug,
            code=code,
            procedure_field=fields[field],
            handling_body=bodies[body],
            online_level=level,
            handling="here" if here else "elsewhere",
            time_limit_days=days,
            time_limit_text=days_text,
            fee=fee,
            summary=f"Thủ tục thuộc lĩnh vực {fields[field].name.lower()}.",
            steps="<ol><li>Tổ chức, cá nhân nộp hồ sơ trực tuyến hoặc trực tiếp tại Bộ phận Một "
            "cửa.</li><li>Sở Giáo dục và Đào tạo tiếp nhận, kiểm tra hồ sơ.</li><li>Giải quyết "
            "và trả kết quả theo thời hạn.</li></ol>",
            method="<p>Nộp trực tuyến, trực tiếp hoặc qua dịch vụ bưu chính.</p>",
            dossier=dossier,
            applicants="<p>Công dân Việt Nam, người nước ngoài; tổ chức có liên quan.</p>",
            result=result,
            delivery="Nhận trực tuyến, trực tiếp tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính.",
            legal_basis="<ul><li>Nghị định 42/2022/NĐ-CP.</li><li>Thông tư 21/2019/TT-BGDĐT.</li></ul>",
            before_you_start=(
                "<p>Chuẩn bị bản chụp hoặc ảnh rõ nét (PDF, JPG, PNG) của các giấy tờ sau:</p>"
                + dossier
                + APPLICANT_DOCS
            )
            if here
            else "",
            consent_text=CONSENT,
            # The receiving school decides on a transfer (Circular 50/2021): the applicant
            # chooses it on the form and its staff process the application.
            recipient=Recipient.CHOSEN_SCHOOL
            if slug == "chuyen-truong-thpt"
            else Recipient.DEPARTMENT,
        )
        for order, (step, label, kind, required, choices) in enumerate(form):
            factories.add_form_field(
                page,
                sort_order=order,
                step=step,
                label=label,
                field_type=kind,
                required=required,
                choices=choices,
            )
    return catalogue
