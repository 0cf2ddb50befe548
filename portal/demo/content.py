"""Vietnamese demo content for the department portal (data only; see load_demo)."""

ORGANISATION = {
    "name": "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi",
    "governing_body": "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "address": "Số 66 đường Lê Trung Đình, phường Cẩm Thành, tỉnh Quảng Ngãi",
    "phone": "0255 3822 616",
    "email": "sgddt@quangngai.gov.vn",
    "footer_text": (
        "<p>Cơ quan chủ quản: Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi. "
        "Chịu trách nhiệm nội dung: Giám đốc Sở. "
        "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này.</p>"
    ),
}

CATEGORIES = [
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Chỉ đạo - Điều hành", "chi-dao-dieu-hanh"),
    ("Thi cử - Tuyển sinh", "thi-cu-tuyen-sinh"),
    ("Chuyển đổi số", "chuyen-doi-so"),
    ("Gương sáng ngành giáo dục", "guong-sang"),
]

# (title, summary, paragraphs, categories, tags, featured, announcement, days_ago)
ARTICLES = [
    (
        "Tổng kết năm học 2025-2026 và triển khai nhiệm vụ năm học 2026-2027",
        "Sở Giáo dục và Đào tạo tổ chức hội nghị tổng kết năm học, đánh giá kết quả "
        "đạt được và đề ra các nhiệm vụ trọng tâm cho năm học mới.",
        [
            "Sáng nay, Sở Giáo dục và Đào tạo tổ chức Hội nghị tổng kết năm học 2025-2026 "
            "và triển khai nhiệm vụ năm học 2026-2027 với sự tham dự của lãnh đạo UBND tỉnh, "
            "các sở, ngành và hơn 900 cơ sở giáo dục trong toàn tỉnh.",
            "Năm học qua, toàn ngành đã hoàn thành chương trình giáo dục phổ thông 2018 ở tất cả "
            "các khối lớp; tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt 98,6%; công tác "
            "chuyển đổi số được đẩy mạnh với 100% trường học sử dụng sổ điểm điện tử.",
            "Năm học mới, ngành tập trung nâng cao chất lượng giáo dục toàn diện, bảo đảm đủ "
            "giáo viên cho các môn học mới, tăng cường cơ sở vật chất cho vùng miền núi và hải đảo.",
        ],
        ["tin-tuc-su-kien", "chi-dao-dieu-hanh"],
        ["năm học mới", "tổng kết"],
        True,
        False,
        1,
    ),
    (
        "Thông báo kế hoạch tuyển sinh vào lớp 10 trung học phổ thông năm học 2027-2028",
        "Kỳ thi tuyển sinh lớp 10 gồm ba bài thi: Toán, Ngữ văn và bài thi thứ ba; "
        "thí sinh được đăng ký tối đa ba nguyện vọng.",
        [
            "Căn cứ Thông tư số 30/2024/TT-BGDĐT của Bộ Giáo dục và Đào tạo ban hành Quy chế "
            "tuyển sinh trung học cơ sở và trung học phổ thông, Sở Giáo dục và Đào tạo thông báo "
            "kế hoạch tuyển sinh vào lớp 10 năm học 2027-2028.",
            "Phương thức tuyển sinh: thi tuyển đối với các trường trung học phổ thông ở địa bàn "
            "thuận lợi; xét tuyển đối với các trường ở xã miền núi, hải đảo. Môn thi thứ ba được "
            "công bố trước ngày 31 tháng 3.",
            "Thí sinh đăng ký dự tuyển trực tuyến trên Cổng thông tin của Sở từ ngày 15/5 đến "
            "ngày 25/5. Cha mẹ học sinh cần chuẩn bị mã định danh cá nhân của học sinh.",
        ],
        ["thi-cu-tuyen-sinh"],
        ["tuyển sinh", "lớp 10"],
        False,
        True,
        2,
    ),
    (
        "Hướng dẫn đăng ký tuyển sinh trực tuyến vào lớp 1 và lớp 6",
        "Cha mẹ học sinh đăng ký tuyển sinh đầu cấp theo tuyến của xã, phường; "
        "thông tin cư trú được đối chiếu với Cơ sở dữ liệu quốc gia về dân cư.",
        [
            "Từ năm học 2027-2028, việc tuyển sinh vào lớp 1 và lớp 6 được thực hiện trực tuyến "
            "trên Cổng thông tin điện tử của Sở Giáo dục và Đào tạo.",
            "Cha mẹ học sinh đăng nhập bằng mã định danh cá nhân và ngày sinh của học sinh, kiểm tra "
            "thông tin cư trú, chọn trường theo tuyến tuyển sinh do UBND xã, phường quy định.",
            "Sau khi nộp hồ sơ, hệ thống cấp mã hồ sơ để tra cứu kết quả. Cha mẹ học sinh cần xác "
            "nhận nhập học đúng thời hạn để giữ chỗ.",
        ],
        ["thi-cu-tuyen-sinh"],
        ["tuyển sinh", "lớp 1", "lớp 6"],
        False,
        True,
        3,
    ),
    (
        "Triển khai học bạ số cấp tiểu học trên toàn tỉnh",
        "100% trường tiểu học trong tỉnh triển khai học bạ số từ học kỳ I năm học 2026-2027.",
        [
            "Thực hiện kế hoạch chuyển đổi số của ngành, Sở Giáo dục và Đào tạo hướng dẫn các trường "
            "tiểu học triển khai học bạ số, thay thế học bạ giấy.",
            "Học bạ số được ký số bởi giáo viên chủ nhiệm và hiệu trưởng, lưu trữ tập trung và chia sẻ "
            "với cơ sở dữ liệu ngành, giúp cha mẹ học sinh tra cứu thuận tiện.",
        ],
        ["chuyen-doi-so"],
        ["chuyển đổi số", "học bạ số"],
        False,
        False,
        4,
    ),
    (
        "Công văn về việc tăng cường công tác phòng, chống thiên tai trong trường học",
        "Các cơ sở giáo dục chủ động phương án bảo đảm an toàn cho học sinh trong mùa mưa bão.",
        [
            "Trước diễn biến phức tạp của thời tiết, Sở Giáo dục và Đào tạo đề nghị thủ trưởng các "
            "đơn vị, trường học rà soát phương án phòng, chống thiên tai và tìm kiếm cứu nạn.",
            "Khi có thông báo bão, lũ, các trường chủ động cho học sinh nghỉ học, bảo quản hồ sơ, "
            "thiết bị dạy học và báo cáo tình hình thiệt hại về Sở trước 16 giờ hằng ngày.",
        ],
        ["chi-dao-dieu-hanh"],
        ["phòng chống thiên tai"],
        False,
        True,
        5,
    ),
    (
        "Học sinh Quảng Ngãi đạt 12 giải tại kỳ thi chọn học sinh giỏi quốc gia",
        "Đội tuyển của tỉnh giành 1 giải Nhì, 4 giải Ba và 7 giải Khuyến khích.",
        [
            "Kỳ thi chọn học sinh giỏi quốc gia trung học phổ thông năm nay, đội tuyển tỉnh Quảng Ngãi "
            "có 48 học sinh dự thi ở 10 môn, đạt 12 giải.",
            "Em Nguyễn Minh Khôi, học sinh Trường THPT chuyên Lê Khiết, đạt giải Nhì môn Tin học và "
            "được triệu tập vào vòng chọn đội tuyển Olympic quốc tế.",
        ],
        ["tin-tuc-su-kien", "guong-sang"],
        ["học sinh giỏi"],
        False,
        False,
        6,
    ),
    (
        "Tập huấn chương trình giáo dục phổ thông 2018 cho giáo viên trung học cơ sở",
        "Hơn 1.200 giáo viên tham gia tập huấn về dạy học tích hợp và đánh giá năng lực.",
        [
            "Trong tháng 8, Sở Giáo dục và Đào tạo tổ chức tập huấn trực tuyến kết hợp trực tiếp cho "
            "giáo viên trung học cơ sở về đổi mới phương pháp dạy học và kiểm tra, đánh giá.",
            "Nội dung tập huấn tập trung vào dạy học các môn tích hợp Khoa học tự nhiên, Lịch sử và "
            "Địa lí; xây dựng ma trận đề kiểm tra theo định hướng phát triển năng lực.",
        ],
        ["tin-tuc-su-kien"],
        ["tập huấn", "giáo viên"],
        False,
        False,
        8,
    ),
    (
        "Thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ năm 2026 đối với học sinh",
        "Học sinh các cấp được nghỉ Tết Nguyên đán từ ngày 14/02/2026 đến hết ngày 22/02/2026.",
        [
            "Sở Giáo dục và Đào tạo thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ năm 2026 đối với "
            "trẻ mầm non, học sinh phổ thông và học viên giáo dục thường xuyên.",
            "Các đơn vị bố trí trực Tết, bảo đảm an ninh, an toàn trường học và thông báo cho cha mẹ "
            "học sinh biết để phối hợp quản lý học sinh trong thời gian nghỉ.",
        ],
        ["chi-dao-dieu-hanh"],
        ["lịch nghỉ"],
        False,
        True,
        10,
    ),
    (
        "Ra mắt kho học liệu số dùng chung của ngành",
        "Kho học liệu gồm hơn 5.000 bài giảng, video và câu hỏi trắc nghiệm cho giáo viên và "
        "học sinh sử dụng miễn phí.",
        [
            "Kho học liệu số được xây dựng từ các bài giảng đạt giải trong hội thi giáo viên dạy giỏi "
            "các cấp, được thẩm định trước khi đưa vào sử dụng.",
            "Giáo viên đăng nhập bằng tài khoản ngành để tải về, chia sẻ bài giảng; học sinh có thể "
            "xem video bài học trên điện thoại, kể cả khi đường truyền chậm.",
        ],
        ["chuyen-doi-so"],
        ["chuyển đổi số", "học liệu số"],
        False,
        False,
        12,
    ),
    (
        "Cô giáo vùng cao 20 năm bám bản gieo chữ",
        "Cô Đinh Thị Hoa, giáo viên Trường Tiểu học Sơn Bao, được tặng Bằng khen của Bộ trưởng.",
        [
            "Hai mươi năm qua, cô Đinh Thị Hoa đã gắn bó với các điểm trường lẻ ở xã miền núi, vận "
            "động hàng trăm học sinh người Hrê trở lại lớp.",
            "Cô tự làm đồ dùng dạy học từ vật liệu sẵn có, mở lớp phụ đạo tiếng Việt miễn phí cho "
            "học sinh trước khi vào lớp 1.",
        ],
        ["guong-sang"],
        ["gương sáng", "miền núi"],
        False,
        False,
        14,
    ),
    (
        "Kiểm tra công tác chuẩn bị cơ sở vật chất cho năm học mới",
        "Đoàn công tác của Sở kiểm tra tại 24 trường học ở các xã miền núi và hải đảo.",
        [
            "Đoàn công tác đánh giá tình hình phòng học, nhà vệ sinh, bếp ăn bán trú và thiết bị dạy "
            "học tối thiểu theo chương trình giáo dục phổ thông 2018.",
            "Các trường được yêu cầu hoàn thành sửa chữa phòng học xuống cấp trước ngày tựu trường.",
        ],
        ["tin-tuc-su-kien"],
        ["cơ sở vật chất"],
        False,
        False,
        16,
    ),
    (
        "Hội nghị triển khai công tác chuyển đổi số năm 2027",
        "Ngành giáo dục đặt mục tiêu 100% thủ tục hành chính đủ điều kiện được cung cấp trực "
        "tuyến toàn trình.",
        [
            "Hội nghị thống nhất lộ trình kết nối cơ sở dữ liệu ngành với Cổng dịch vụ công quốc gia, "
            "số hoá hồ sơ văn bằng, chứng chỉ và triển khai tuyển sinh trực tuyến các cấp.",
            "Các trường học được hướng dẫn cập nhật trang thông tin điện tử theo Thông tư 37/2020 và "
            "công khai thông tin theo Thông tư 09/2024 của Bộ Giáo dục và Đào tạo.",
        ],
        ["chuyen-doi-so", "chi-dao-dieu-hanh"],
        ["chuyển đổi số", "dịch vụ công"],
        False,
        False,
        20,
    ),
]

STANDARD_PAGES = [
    (
        "Giới thiệu",
        "gioi-thieu",
        "Sở Giáo dục và Đào tạo là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh.",
        [
            "<h2>Chức năng</h2><p>Sở Giáo dục và Đào tạo tham mưu, giúp Ủy ban nhân dân tỉnh thực "
            "hiện chức năng quản lý nhà nước về giáo dục và đào tạo, bao gồm: mục tiêu, chương "
            "trình, nội dung giáo dục; tiêu chuẩn nhà giáo và cán bộ quản lý giáo dục; tiêu chuẩn "
            "cơ sở vật chất, thiết bị trường học; quy chế thi cử, tuyển sinh và văn bằng, chứng chỉ.</p>",
            "<h2>Lịch sử</h2><p>Ngành giáo dục tỉnh được thành lập sau Cách mạng tháng Tám năm 1945, "
            "trải qua nhiều lần chia tách, sáp nhập. Từ ngày 01/7/2025, Sở Giáo dục và Đào tạo tỉnh "
            "Quảng Ngãi được tổ chức lại trên cơ sở hợp nhất với Sở Giáo dục và Đào tạo tỉnh Kon Tum.</p>",
        ],
    ),
]

QUICK_LINKS = [
    ("Dịch vụ công trực tuyến", "Nộp hồ sơ thủ tục hành chính và tra cứu kết quả."),
    ("Tuyển sinh đầu cấp", "Đăng ký tuyển sinh lớp 1, lớp 6, lớp 10 trực tuyến."),
    ("Văn bản chỉ đạo, điều hành", "Tra cứu văn bản quy phạm pháp luật và văn bản của Sở."),
    ("Tra cứu trường học", "Danh bạ và trang thông tin của các trường trong tỉnh."),
]

# Topics of the generated articles used at benchmark scale (load_demo --articles N).
EXTRA_TOPICS = [
    "Hội thi giáo viên dạy giỏi",
    "Sinh hoạt chuyên môn theo cụm trường",
    "Ngày hội đọc sách",
    "Tập huấn an toàn giao thông cho học sinh tiểu học",
    "Giải bóng đá học sinh",
    "Kiểm tra nội bộ trường học",
    "Hội nghị cán bộ, công chức, viên chức đầu năm học",
    "Trao học bổng cho học sinh vượt khó",
    "Phong trào xây dựng trường học xanh, sạch, đẹp, an toàn",
    "Hội khoẻ Phù Đổng",
    "Chuyên đề đổi mới phương pháp dạy học môn Ngữ văn trung học cơ sở",
    "Bồi dưỡng thường xuyên",
]

# Department articles pushed to the home page of every school site.
PUSHED_TO_SCHOOLS = {
    "Công văn về việc tăng cường công tác phòng, chống thiên tai trong trường học",
    "Thông báo lịch nghỉ Tết Nguyên đán Bính Ngọ năm 2026 đối với học sinh",
}
