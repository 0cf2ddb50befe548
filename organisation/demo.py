"""Demo organisation charts and staff directories (Vietnamese), department and schools."""

from organisation.factories import (
    OrganisationPageFactory,
    StaffDirectoryPageFactory,
    person,
    unit,
)
from organisation.models import OrganisationPage, StaffDirectoryPage

DEPARTMENT_UNITS = [
    unit(
        "Ban Giám đốc",
        duties="Lãnh đạo, quản lý toàn diện hoạt động của Sở.",
        people=[
            person("Nguyễn Văn An", "Giám đốc", "0255 3822 101", "nvan@quangngai.edu.vn", True),
            person("Trần Thị Bích", "Phó Giám đốc", "0255 3822 102", "ttbich@quangngai.edu.vn", True),
            person("Lê Minh Châu", "Phó Giám đốc", "0255 3822 103", "lmchau@quangngai.edu.vn", True),
        ],
    ),
    unit(
        "Văn phòng Sở",
        duties="Tổng hợp, hành chính, văn thư, lưu trữ, quản trị cổng thông tin điện tử.",
        phone="0255 3822 110",
        email="vanphong@quangngai.edu.vn",
        people=[
            person("Phạm Quốc Dũng", "Chánh Văn phòng", "0255 3822 111", "pqdung@quangngai.edu.vn", True),
            person("Hồ Thị Em", "Phó Chánh Văn phòng", "0255 3822 112", "htem@quangngai.edu.vn", True),
            person("Võ Văn Giang", "Chuyên viên", "0255 3822 113", "vvgiang@quangngai.edu.vn"),
        ],
        sub_units=[
            {
                "name": "Bộ phận Một cửa",
                "duties": "Tiếp nhận và trả kết quả thủ tục hành chính.",
                "phone": "0255 3822 115",
                "people": [person("Đỗ Thị Hạnh", "Chuyên viên", "0255 3822 115", "dthanh@quangngai.edu.vn")],
            }
        ],
    ),
    unit(
        "Phòng Giáo dục Mầm non – Tiểu học",
        duties="Tham mưu quản lý giáo dục mầm non và tiểu học.",
        people=[
            person("Bùi Thị Kim", "Trưởng phòng", "0255 3822 121", "btkim@quangngai.edu.vn", True),
            person("Đinh Văn Long", "Chuyên viên", "0255 3822 122", "dvlong@quangngai.edu.vn"),
        ],
    ),
    unit(
        "Phòng Giáo dục Trung học – Giáo dục thường xuyên",
        duties="Tham mưu quản lý giáo dục trung học, giáo dục thường xuyên.",
        people=[
            person("Huỳnh Văn Mạnh", "Trưởng phòng", "0255 3822 131", "hvmanh@quangngai.edu.vn", True),
            person("Ngô Thị Nga", "Phó Trưởng phòng", "0255 3822 132", "ntnga@quangngai.edu.vn", True),
        ],
    ),
    unit(
        "Phòng Quản lý chất lượng",
        duties="Khảo thí, kiểm định chất lượng giáo dục, quản lý văn bằng, chứng chỉ.",
        people=[person("Trương Công Phú", "Trưởng phòng", "0255 3822 141", "tcphu@quangngai.edu.vn", True)],
    ),
    unit(
        "Thanh tra Sở",
        people=[person("Lý Văn Quang", "Chánh Thanh tra", "0255 3822 151", "lvquang@quangngai.edu.vn", True)],
    ),
]  # fmt: skip


def school_units(school):
    """A school's board, its subject groups and its office, with the principal's name."""
    domain = f"{school.slug}.quangngai.edu.vn"
    return [
        unit(
            "Ban Giám hiệu",
            duties="Quản lý, điều hành mọi hoạt động của nhà trường.",
            people=[
                person(school.principal or "Hiệu trưởng", "Hiệu trưởng", school.phone, f"hieutruong@{domain}", True),
                person("Nguyễn Thị Thu Hà", "Phó Hiệu trưởng", "", f"phohieutruong@{domain}", True),
            ],
        ),
        unit(
            "Các tổ chuyên môn",
            sub_units=[
                {
                    "name": "Tổ Khoa học tự nhiên",
                    "people": [
                        person("Trần Văn Khoa", "Tổ trưởng", "0905 111 222", f"tvkhoa@{domain}", True),
                        person("Lê Thị Mai", "Giáo viên", "", f"ltmai@{domain}"),
                    ],
                },
                {
                    "name": "Tổ Khoa học xã hội",
                    "people": [
                        person("Phan Thị Ngọc", "Tổ trưởng", "0905 333 444", f"ptngoc@{domain}", True),
                        person("Võ Minh Tuấn", "Giáo viên", "", f"vmtuan@{domain}"),
                    ],
                },
            ],
        ),
        unit(
            "Tổ Văn phòng",
            duties="Văn thư, kế toán, thiết bị, thư viện, y tế học đường.",
            people=[
                person("Đặng Thị Lan", "Tổ trưởng, kế toán", "0905 555 666", f"dtlan@{domain}", True),
                person("Hồ Văn Sáu", "Nhân viên thiết bị – thư viện", "", f"hvsau@{domain}"),
            ],
        ),
    ]  # fmt: skip


def load_department_organisation(*, home):
    """The department's chart and directory; returns the chart page."""
    chart = OrganisationPageFactory(
        parent=home,
        title="Cơ cấu tổ chức",
        intro="Sở Giáo dục và Đào tạo gồm Ban Giám đốc, Văn phòng, Thanh tra và các phòng chuyên môn.",
        units=DEPARTMENT_UNITS,
    )
    StaffDirectoryPageFactory(
        parent=home,
        title="Danh bạ cán bộ, công chức",
        intro="Số điện thoại và thư điện tử công vụ của lãnh đạo và công chức Sở.",
        units=DEPARTMENT_UNITS,
    )
    return chart


def fill_school_organisation(*, school):
    """Fill the two sections provisioning created for the school, and publish them."""
    units = school_units(school)
    for model in (OrganisationPage, StaffDirectoryPage):
        page = model.objects.child_of(school.home_page).get()
        page.units = units
        page.intro = f"Tổ chức bộ máy và liên hệ của {school.name}."
        page.save_revision().publish()
