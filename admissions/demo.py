"""A living admissions season for the demo: the department's admissions page, a round per
grade (grade 1 open now, grade 6 with its results out and confirmations under way, grade 10
in its change window), approved plans at the demo schools, pre-loaded pupils and a few hundred
registrations in every state, made through the real services."""

import datetime
import random

from admissions import factories, services
from admissions.models import Grade, PriorityGroup, Stage, Track
from applications.services import application_transition
from applications.status import Actor, Status
from sites.models import School

SCHOOL_YEAR = 2027
GIVEN = [
    "An",
    "Bảo",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Khang",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quân",
    "Tâm",
    "Thảo",
    "Trang",
    "Vy",
]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Gia", "Bảo", "Thanh", "Hoàng"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đinh", "Trương"]
PRIORITY_GROUPS = [
    # (kind, name, points in hundredths, ethnicity asked, allows an older child)
    (
        "priority",
        "Con liệt sĩ; con thương binh, bệnh binh mất sức lao động từ 81% trở lên",
        200,
        False,
        False,
    ),
    (
        "priority",
        "Con thương binh, bệnh binh mất sức lao động dưới 81%; con Anh hùng",
        150,
        False,
        False,
    ),
    (
        "priority",
        "Học sinh hoặc cha/mẹ là người dân tộc thiểu số; vùng đặc biệt khó khăn",
        100,
        True,
        True,
    ),
    ("priority", "Trẻ khuyết tật, mồ côi hoặc trẻ từ nước ngoài về nước", 0, False, True),
]
INCENTIVES = [
    ("incentive", "Giải nhất cấp tỉnh (văn hoá, văn nghệ, thể thao, khoa học kỹ thuật)", 150),
    ("incentive", "Giải nhì cấp tỉnh", 100),
    ("incentive", "Giải ba cấp tỉnh", 50),
]
DOCUMENTS = {
    Grade.GRADE_1: "Giấy khai sinh (bản sao)\nGiấy tờ chứng minh nơi cư trú (thông tin trên VNeID)\n"
    "Giấy tờ chứng minh đối tượng ưu tiên (nếu có)",
    Grade.GRADE_6: "Học bạ tiểu học (bản chính)\nGiấy khai sinh (bản sao)\n"
    "Giấy tờ chứng minh đối tượng ưu tiên (nếu có)",
    Grade.GRADE_10: "Học bạ THCS (bản chính)\nBằng hoặc giấy chứng nhận tốt nghiệp THCS tạm thời\n"
    "Giấy khai sinh (bản sao)\nGiấy tờ chứng minh ưu tiên, khuyến khích (nếu có)",
}


def _name(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _schools_at(level):
    return list(School.objects.active().filter(levels__code=level).order_by("code"))


def _round(index, grade, phase, title):
    round_page = factories.round_in_phase(
        index,
        phase,
        grade=grade,
        school_year=SCHOOL_YEAR,
        title=title,
        slug=f"lop-{grade}-{SCHOOL_YEAR}",
    )
    for position, (kind, name, points, ethnicity, older) in enumerate(PRIORITY_GROUPS):
        PriorityGroup.objects.create(
            round=round_page,
            kind=kind,
            name=name,
            points_hundredths=points,
            needs_ethnicity=ethnicity,
            allows_older=older and grade == Grade.GRADE_1,
            sort_order=position,
        )
    if grade == Grade.GRADE_10:
        for position, (kind, name, points) in enumerate(INCENTIVES, start=10):
            PriorityGroup.objects.create(
                round=round_page,
                kind=kind,
                name=name,
                points_hundredths=points,
                sort_order=position,
            )
    return round_page


def _plans(round_page, schools, *, quota, extra=None):
    plans = []
    for school in schools:
        programmes = [(Track.REGULAR, "", quota)]
        programmes += (extra or {}).get(school.slug, [])
        catchment = [school.administrative_unit] if round_page.grade != Grade.GRADE_10 else []
        plans.append(
            factories.plan_publish(
                round_page,
                school,
                programmes=programmes,
                catchment=catchment,
                criteria="Ưu tiên trẻ cư trú trong địa bàn tuyển sinh; sau đó theo nhóm đối tượng "
                "ưu tiên; nếu còn bằng nhau, bốc thăm công khai bằng số ngẫu nhiên đã công bố.",
                documents=DOCUMENTS[Grade(round_page.grade)],
                contact=f"Văn phòng nhà trường, {school.phone}",
            )
        )
    return plans


def _pupils(stage, schools, count, rng, *, birth_year, offset):
    pupils = []
    if not schools:
        return pupils
    for n in range(count):
        school = schools[n % len(schools)]
        female = n % 2 == 1
        birth = datetime.date(birth_year, 1 + n % 12, 1 + n % 28)
        pupils.append(
            factories.pupil(
                school_year=SCHOOL_YEAR,
                stage=stage,
                serial=offset + n,
                birth_date=birth,
                female=female,
                full_name=_name(rng),
                current_school=school,
                current_school_name=school.name,
                unit=school.administrative_unit,
            )
        )
    return pupils


def _register_all(round_page, pupils, programmes_for, rng):
    applications = []
    for number, pupil in enumerate(pupils):
        programmes = programmes_for(pupil, number)
        if not programmes:
            continue
        application = factories.register(
            round_page,
            programmes=programmes,
            unit=pupil.unit,
            name=pupil.full_name,
            birth_date=pupil.birth_date,
            female=pupil.gender == "female",
            personal_id=pupil.personal_id,
            phone=f"09{rng.randrange(10**7, 10**8)}",
            pupil=pupil,
        )
        applications.append(application)
    return applications


def _verify(applications, share_done, rng):
    """Move a share of the registrations through the school's verification."""
    for application in applications:
        roll = rng.random()
        if roll > share_done:
            continue
        for status in (Status.RECEIVED, Status.IN_REVIEW):
            application_transition(application=application, to_status=status, actor=Actor.STAFF)
        if roll < 0.05:
            application_transition(
                application=application,
                to_status=Status.SUPPLEMENT_REQUESTED,
                actor=Actor.STAFF,
                note="Đề nghị bổ sung ảnh chụp giấy khai sinh rõ nét hơn.",
            )
        elif roll < 0.08:
            application_transition(
                application=application,
                to_status=Status.REJECTED,
                actor=Actor.STAFF,
                note="Trẻ không cư trú trong địa bàn tuyển sinh của trường.",
            )
        else:
            application_transition(
                application=application, to_status=Status.APPROVED, actor=Actor.STAFF
            )


def load_admissions(*, home):
    """The admissions page and the demo season. Returns the admissions page."""
    rng = random.Random(2027)  # noqa: S311 - demo names and phone numbers, not secrets
    index = factories.AdmissionsIndexPageFactory(parent=home)
    primary, lower, upper = _schools_at("C1"), _schools_at("C2"), _schools_at("C3")
    grade_1 = _round(
        index, Grade.GRADE_1, "open", f"Tuyển sinh lớp 1 năm học {SCHOOL_YEAR}–{SCHOOL_YEAR + 1}"
    )
    grade_6 = _round(
        index, Grade.GRADE_6, "results", f"Tuyển sinh lớp 6 năm học {SCHOOL_YEAR}–{SCHOOL_YEAR + 1}"
    )
    grade_10 = _round(
        index,
        Grade.GRADE_10,
        "changes",
        f"Tuyển sinh lớp 10 năm học {SCHOOL_YEAR}–{SCHOOL_YEAR + 1}",
    )
    _plans(grade_1, primary, quota=70)
    _plans(grade_6, lower, quota=45)
    specialised = {
        "thpt-chuyen-le-khiet": [
            (Track.SPECIALISED, "Chuyên Toán", 35),
            (Track.SPECIALISED, "Chuyên Tiếng Anh", 35),
        ],
        "ptdtnt-tinh": [(Track.BOARDING, "Nội trú dân tộc", 105)],
    }
    _plans(grade_10, upper, quota=90, extra=specialised)

    preschool = _pupils(Stage.PRESCHOOL, primary, 160, rng, birth_year=grade_1.birth_year, offset=1)
    grade_5 = _pupils(Stage.PRIMARY, primary, 120, rng, birth_year=grade_6.birth_year, offset=1001)
    grade_9 = _pupils(
        Stage.LOWER_SECONDARY, lower, 150, rng, birth_year=grade_10.birth_year, offset=2001
    )

    def zoned(round_page):
        def choose(pupil, number):
            options = factories_programmes(round_page, unit=pupil.unit)
            return options[:1]

        return choose

    # Grade 1: registration open; about two thirds of the pre-loaded children registered.
    first = _register_all(grade_1, preschool[:110], zoned(grade_1), rng)
    _verify(first, 0.4, rng)
    # Grade 6: verified, results out, confirmations under way.
    sixth = _register_all(grade_6, grade_5[:100], zoned(grade_6), rng)
    _verify(sixth, 1.0, rng)
    services.results_assign_by_priority(round_page=grade_6, seed="demo-2027-lop-6")
    for registration in grade_6.registrations.filter(outcome="admitted")[:40]:
        services.registration_confirm(registration=registration)
    # Grade 10: registration closed, choices may still change.
    regular = factories_programmes(grade_10, track=Track.REGULAR)

    def ranked(pupil, number):
        picks = rng.sample(regular, k=min(3, len(regular)))
        return picks

    tenth = _register_all(grade_10, grade_9[:140], ranked, rng)
    _verify(tenth, 0.6, rng)
    return index


def factories_programmes(round_page, *, track=Track.REGULAR, unit=None):
    from admissions.selectors import programmes_for

    return programmes_for(round_page, track=track, unit=unit)
