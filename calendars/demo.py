"""Demo calendars in Vietnamese: the department's work calendar, events and online
meetings over its bridge points; events, a timetable and a work calendar at a few schools."""

import datetime

from django.utils import timezone

from calendars import factories
from calendars.models import CalendarIndexPage
from calendars.services import bridge_points_seed
from portal.factories import paragraph

T = datetime.time

# (day offset from Monday, start, end, content, leads/attends, location)
DEPARTMENT_WEEKS = {
    -1: [
        (0, T(7, 30), T(9, 0), "Giao ban lãnh đạo Sở", "Giám đốc và các Phó Giám đốc Sở; Trưởng các phòng", "Phòng họp số 1"),
        (2, T(14, 0), None, "Làm việc với UBND xã Ba Tơ về cơ sở vật chất trường học", "Phó Giám đốc Nguyễn Văn Hải; Phòng Kế hoạch – Tài chính", "UBND xã Ba Tơ"),
        (4, T(8, 0), T(11, 30), "Kiểm tra công tác chuẩn bị kỳ thi học sinh giỏi cấp tỉnh", "Giám đốc Sở; Phòng Quản lý chất lượng", "Trường THPT chuyên Lê Khiết"),
    ],
    0: [
        (0, T(7, 30), T(9, 0), "Giao ban lãnh đạo Sở đầu tuần", "Giám đốc và các Phó Giám đốc Sở; Chánh Văn phòng", "Phòng họp số 1"),
        (0, T(14, 0), T(16, 30), "Họp trực tuyến sơ kết học kỳ I với các trường THPT", "Giám đốc Sở chủ trì; Hiệu trưởng các trường THPT", "Điểm cầu chính – Sở GDĐT"),
        (1, T(8, 0), None, "Dự Hội nghị Ban Chấp hành Đảng bộ tỉnh", "Giám đốc Sở", "Hội trường Tỉnh uỷ"),
        (2, T(8, 0), T(11, 0), "Kiểm tra công tác bán trú tại các trường PTDTBT", "Phó Giám đốc Trần Thị Mai; Phòng Giáo dục Trung học", "Trường PTDTBT THCS Sơn Hà"),
        (3, T(14, 0), T(17, 0), "Tiếp công dân định kỳ", "Giám đốc Sở; Thanh tra Sở", "Phòng tiếp công dân, Sở GDĐT"),
        (4, T(7, 30), T(11, 30), "Hội đồng thẩm định sách giáo khoa địa phương", "Phó Giám đốc Nguyễn Văn Hải", "Phòng họp số 2"),
        (5, T(8, 0), None, "Dự Lễ tuyên dương học sinh giỏi tiêu biểu", "Lãnh đạo Sở", "Nhà văn hoá tỉnh"),
    ],
    1: [
        (0, T(7, 30), T(9, 0), "Giao ban lãnh đạo Sở", "Giám đốc và các Phó Giám đốc Sở", "Phòng họp số 1"),
        (3, T(8, 0), T(11, 0), "Làm việc với Đoàn kiểm tra của Bộ GDĐT về chuyển đổi số", "Giám đốc Sở; Văn phòng Sở", "Phòng họp số 1"),
    ],
}  # fmt: skip

# (title, days from today, start, end days, end time, location, summary)
DEPARTMENT_EVENTS = [
    ("Kỳ thi chọn học sinh giỏi cấp tỉnh lớp 12", 12, T(7, 0), 1, T(11, 30), "Trường THPT chuyên Lê Khiết", "Kỳ thi dành cho học sinh lớp 12 các trường THPT trên địa bàn tỉnh."),
    ("Ngày hội chuyển đổi số ngành Giáo dục", 20, None, 0, None, "Nhà văn hoá tỉnh", "Trưng bày sản phẩm, mô hình ứng dụng công nghệ thông tin trong dạy học."),
    ("Hội nghị tổng kết năm học", -15, T(8, 0), 0, T(11, 0), "Hội trường Sở GDĐT", "Tổng kết năm học, khen thưởng tập thể và cá nhân xuất sắc."),
]  # fmt: skip

# (title, days from today, start, end, chair, agenda, all bridges?)
DEPARTMENT_MEETINGS = [
    ("Hội nghị trực tuyến sơ kết học kỳ I khối THPT", 2, T(14, 0), T(16, 30), "Giám đốc Sở Giáo dục và Đào tạo",
     "Báo cáo sơ kết học kỳ I\nÝ kiến của các điểm cầu\nKết luận của Giám đốc Sở", True),
    ("Tập huấn trực tuyến tổ chức kỳ thi tốt nghiệp THPT", 9, T(8, 0), T(11, 0), "Phó Giám đốc Sở phụ trách khảo thí",
     "Quy chế thi tốt nghiệp THPT năm nay\nHướng dẫn đăng ký dự thi trực tuyến\nGiải đáp thắc mắc", True),
    ("Họp trực tuyến phòng, chống thiên tai mùa mưa bão", -10, T(15, 0), T(16, 30), "Giám đốc Sở Giáo dục và Đào tạo",
     "Phương án bảo đảm an toàn cho học sinh\nKế hoạch cho học sinh nghỉ học khi có bão", False),
]  # fmt: skip

SCHOOL_EVENTS = [
    ("Hội khoẻ Phù Đổng cấp trường", 10, None, 1, None, "Sân trường", "Các lớp thi đấu điền kinh, bóng đá, kéo co."),
    ("Ngày hội đọc sách", 17, T(7, 30), 0, T(10, 30), "Thư viện nhà trường", "Giới thiệu sách, thi kể chuyện theo sách cho học sinh."),
    ("Lễ kỷ niệm Ngày Nhà giáo Việt Nam 20/11", -20, T(7, 30), 0, T(9, 30), "Hội trường", "Tri ân thầy cô giáo, văn nghệ chào mừng."),
]  # fmt: skip

SCHOOL_WEEK = [
    (0, T(7, 0), T(7, 45), "Chào cờ đầu tuần", "Hiệu trưởng; toàn thể giáo viên, học sinh", "Sân trường"),
    (2, T(14, 0), T(16, 0), "Họp Hội đồng sư phạm", "Hiệu trưởng chủ trì; toàn thể giáo viên", "Phòng họp giáo viên"),
    (4, T(8, 0), None, "Dự giờ tổ Toán – Tin", "Phó Hiệu trưởng chuyên môn", "Phòng học 10A1"),
]  # fmt: skip

TIMETABLE = (
    "<p>Buổi sáng: tiết 1 từ 7 giờ 00, mỗi tiết 45 phút, ra chơi sau tiết 2. "
    "Buổi chiều: tiết 1 từ 13 giờ 30. Thời khoá biểu chi tiết của từng lớp được gửi qua "
    "giáo viên chủ nhiệm.</p>"
)

SCHOOLS_WITH_CALENDARS = ("thpt-chuyen-le-khiet", "th-nghia-lo", "thcs-cam-thanh")


def _monday(weeks_from_now):
    today = timezone.localdate()
    return (
        today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks_from_now)
    )


def _events(calendar, rows):
    today = timezone.localdate()
    for title, days, start, end_days, end_time, location, intro in rows:
        start_date = today + datetime.timedelta(days=days)
        factories.EventPageFactory(
            parent=calendar,
            title=title,
            start_date=start_date,
            start_time=start,
            end_date=start_date + datetime.timedelta(days=end_days) if end_days else None,
            end_time=end_time,
            location=location,
            intro=intro,
            body=[paragraph(f"<p>{intro} Kính mời quý thầy cô, cha mẹ học sinh theo dõi.</p>")],
        )


def _week(calendar, weeks_from_now, rows):
    page = factories.WorkWeekPageFactory(parent=calendar, week_start=_monday(weeks_from_now))
    return factories.add_entries(page, rows)


def load_department_calendars(*, home):
    """The department's calendar page with three weeks, events and online meetings."""
    calendar = factories.CalendarIndexPageFactory(
        parent=home,
        title="Lịch công tác, sự kiện",
        slug="lich",
        intro="Lịch công tác tuần của lãnh đạo Sở, lịch họp trực tuyến và các sự kiện của ngành.",
    )
    for offset, rows in DEPARTMENT_WEEKS.items():
        _week(calendar, offset, rows)
    _events(calendar, DEPARTMENT_EVENTS)
    points = bridge_points_seed()
    main, others = points[0], points[1:]
    today = timezone.localdate()
    for title, days, start, end, chair, agenda, everyone in DEPARTMENT_MEETINGS:
        factories.MeetingPageFactory(
            parent=calendar,
            title=title,
            date=today + datetime.timedelta(days=days),
            start_time=start,
            end_time=end,
            chair=chair,
            agenda=agenda,
            main_bridge=main,
            room_url="https://hop.quangngai.edu.vn/phong/so-gddt" if days >= 0 else "",
            bridges=others if everyone else others[:3],
        )
    return calendar


def load_school_calendars(*, schools):
    """Events at a few demo schools, the timetable and work calendar at the first."""
    by_slug = {school.slug: school for school in schools}
    for number, slug in enumerate(SCHOOLS_WITH_CALENDARS):
        school = by_slug.get(slug)
        if school is None:
            continue
        calendar = CalendarIndexPage.objects.child_of(school.home_page).get()
        _events(calendar, SCHOOL_EVENTS)
        if number == 0:
            calendar.intro = "Lịch công tác của Ban Giám hiệu, thời khoá biểu và sự kiện."
            calendar.timetable = [paragraph(TIMETABLE)]
            calendar.save_revision().publish()
            _week(calendar, 0, SCHOOL_WEEK)
