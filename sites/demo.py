"""Demo schools: a dozen school sites across levels and communes, with Vietnamese news."""

import datetime

from django.conf import settings
from django.utils import timezone

from alerts.demo import load_school_alert
from calendars.demo import load_school_calendars
from disclosures.demo import load_school_disclosures
from legaldocs.demo import fill_school_documents
from organisation.demo import fill_school_organisation
from portal import factories
from portal.models import NewsIndexPage
from questions.demo import load_school_questions
from sites.factories import SchoolIndexPageFactory
from sites.models import AdministrativeUnit, SchoolLevel, SchoolType
from sites.provisioning import SchoolData, school_provision
from sites.reference import load_json, reference_data_load

# (code, name, slug, levels, unit code, type, address, principal)
SCHOOLS = [
    ("51000101", "Trường Mầm non Hoa Sen", "mn-hoa-sen", ["C0"], "51-CT", "cong-lap",
     "12 Trần Hưng Đạo, phường Cẩm Thành", "Nguyễn Thị Lan"),
    ("51000102", "Trường Tiểu học Nghĩa Lộ", "th-nghia-lo", ["C1"], "51-NL", "cong-lap",
     "45 Hai Bà Trưng, phường Nghĩa Lộ", "Trần Văn Minh"),
    ("51000103", "Trường Tiểu học Lê Văn Tám", "th-le-van-tam", ["C1"], "51-TQT", "cong-lap",
     "8 Lê Lợi, phường Trương Quang Trọng", "Phạm Thị Hoa"),
    ("51000104", "Trường THCS Cẩm Thành", "thcs-cam-thanh", ["C2"], "51-CT", "cong-lap",
     "20 Phan Đình Phùng, phường Cẩm Thành", "Lê Quang Vinh"),
    ("51000105", "Trường THCS Bình Sơn", "thcs-binh-son", ["C2"], "51-BS", "cong-lap",
     "Thôn Phú Lộc, xã Bình Sơn", "Võ Thị Thu"),
    ("51000106", "Trường THPT chuyên Lê Khiết", "thpt-chuyen-le-khiet", ["C3"], "51-NL",
     "cong-lap", "37 Phạm Văn Đồng, phường Nghĩa Lộ", "Huỳnh Văn Sơn"),
    ("51000107", "Trường THPT Sơn Mỹ", "thpt-son-my", ["C3"], "51-ST", "cong-lap",
     "Thôn Mỹ Lai, xã Sơn Tịnh", "Đặng Văn Hùng"),
    ("51000108", "Trường THPT Ba Tơ", "thpt-ba-to", ["C3"], "51-BT", "cong-lap",
     "Tổ dân phố 2, xã Ba Tơ", "Đinh Văn Thịnh"),
    ("51000109", "Trường PTDTBT THCS Sơn Hà", "ptdtbt-son-ha", ["C2"], "51-SH", "cong-lap",
     "Thôn Gò Da, xã Sơn Hà", "Đinh Thị Nga"),
    ("51000110", "Trường TH và THCS Lý Sơn", "th-thcs-ly-son", ["C1", "C2"], "51-LS", "cong-lap",
     "Thôn Đông An Vĩnh, đặc khu Lý Sơn", "Trương Văn Bảy"),
    ("51000111", "Trường Tiểu học Tư thục Hoàng Mai", "th-hoang-mai", ["C1"], "51-TN", "tu-thuc",
     "Khu dân cư số 3, xã Tư Nghĩa", "Nguyễn Hoàng Mai"),
    ("51000112", "Trung tâm GDNN-GDTX Mộ Đức", "gdtx-mo-duc", ["GDTX"], "51-MD", "cong-lap",
     "Thôn 1, xã Mộ Đức", "Bùi Văn Tâm"),
    ("51000113", "Trường Phổ thông Dân tộc nội trú tỉnh", "ptdtnt-tinh", ["C2", "C3"], "51-TN",
     "cong-lap", "Thôn Đông Hòa, xã Tư Nghĩa", "Đinh Văn Hải"),
]  # fmt: skip

# (title, intro, body, (month, day) in the school year: the opening ceremony is on 5 September)
SCHOOL_NEWS = [
    ("Lễ khai giảng năm học mới", "Nhà trường long trọng tổ chức lễ khai giảng, đón học sinh đầu cấp.",
     ["Sáng 5/9, nhà trường long trọng tổ chức lễ khai giảng năm học mới với sự tham dự của đại "
      "diện chính quyền địa phương, Ban đại diện cha mẹ học sinh, toàn thể cán bộ, giáo viên và "
      "học sinh.",
      "Thầy Hiệu trưởng đọc thư của Chủ tịch nước gửi ngành Giáo dục và đánh trống khai trường; "
      "học sinh đầu cấp được các anh chị đón bằng những tràng pháo tay và bông hoa tươi thắm."],
     (9, 5)),
    ("Thông báo họp cha mẹ học sinh đầu năm", "Nhà trường kính mời cha mẹ học sinh dự họp vào sáng Chủ nhật.",
     ["Nhà trường tổ chức họp cha mẹ học sinh đầu năm học vào 7 giờ 30 sáng Chủ nhật tại các "
      "phòng học của lớp.",
      "Nội dung: kế hoạch giáo dục năm học, nội quy nhà trường, bầu Ban đại diện cha mẹ học sinh "
      "lớp. Kính mời quý phụ huynh tham dự đầy đủ, đúng giờ."],
     (9, 20)),
    ("Hội thi giáo viên dạy giỏi cấp trường", "Các thầy cô tham gia hội thi với nhiều tiết dạy sáng tạo.",
     ["Hưởng ứng phong trào thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11, nhà trường tổ chức "
      "hội thi giáo viên dạy giỏi cấp trường.",
      "Các tiết dạy ứng dụng công nghệ thông tin, tổ chức hoạt động nhóm, giúp học sinh chủ động "
      "trong học tập; ban giám khảo chọn các thầy cô tiêu biểu dự thi cấp tỉnh."],
     (11, 10)),
]  # fmt: skip


def school_year_date(*, month, day, now):
    """That day in the current school year (which starts in SCHOOL_YEAR_START_MONTH), at
    8 a.m., or a little before ``now`` if that day has not come yet."""
    start_month = settings.SCHOOL_YEAR_START_MONTH
    year = now.year if now.month >= start_month else now.year - 1
    if month < start_month:
        year += 1
    moment = timezone.make_aware(datetime.datetime(year, month, day, 8))
    return min(moment, now - datetime.timedelta(hours=1))


# Schools whose documents, organisation chart and staff directory the demo fills in.
SCHOOLS_WITH_CONTENT = ("th-nghia-lo", "thcs-cam-thanh", "thpt-chuyen-le-khiet")
# Schools whose Q&A page has answered questions.
QA_DEMO_SCHOOLS = ("th-nghia-lo", "thcs-cam-thanh", "thpt-son-my")

DEMO_SCHOOL_USERS = "th-nghia-lo"  # the school whose editor and moderator logins are printed


def load_schools(*, department_home, reference_file):
    """Create the school directory and the demo schools. Returns the schools."""
    reference_data_load(data=load_json(reference_file))
    directory = SchoolIndexPageFactory(parent=department_home)
    levels = {level.code: level for level in SchoolLevel.objects.all()}
    types = {kind.code: kind for kind in SchoolType.objects.all()}
    units = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    now = timezone.now()
    schools = []
    for number, row in enumerate(SCHOOLS):
        code, name, slug, level_codes, unit_code, type_code, address, principal = row
        school = school_provision(
            data=SchoolData(
                name=name,
                code=code,
                slug=slug,
                school_type=types[type_code],
                administrative_unit=units[unit_code],
                levels=[levels[c] for c in level_codes],
                address=address,
                phone=f"0255 38{number:02d} 1{number:02d}",
                email=f"{slug}@quangngai.edu.vn",
                principal=principal,
            )
        )
        news = NewsIndexPage.objects.child_of(school.home_page).get()
        for title, intro, paragraphs, (month, day) in SCHOOL_NEWS:
            factories.NewsArticlePageFactory(
                parent=news,
                title=f"{title} – {name}",
                intro=intro,
                body=[factories.paragraph(f"<p>{text}</p>") for text in paragraphs],
                date=school_year_date(month=month, day=day, now=now)
                - datetime.timedelta(hours=number),
            )
        if slug in SCHOOLS_WITH_CONTENT:
            fill_school_documents(school=school)
            fill_school_organisation(school=school)
        if slug in QA_DEMO_SCHOOLS:
            load_school_questions(school=school)
        schools.append(school)
    load_school_calendars(schools=schools)
    load_school_disclosures(schools=schools[:3])
    load_school_alert(school=schools[1])
    return directory, schools


def demo_school_users(*, password):
    """An editor and a moderator for one demo school; returns [(username, role, school)]."""
    from django.contrib.auth import get_user_model

    from sites.models import School

    school = School.objects.get(slug=DEMO_SCHOOL_USERS)
    users = get_user_model().objects
    created = []
    for username, group, role in (
        (f"bientap.{school.slug}", school.editors_group, "biên tập viên"),
        (f"kiemduyet.{school.slug}", school.moderators_group, "kiểm duyệt viên"),
    ):
        user, was_created = users.get_or_create(username=username, defaults={"email": ""})
        if was_created:
            user.set_password(password)
            user.save()
            user.groups.add(group)
        created.append((username, role, school))
    return created
