"""Factories for admissions: used by the tests and by the demo content. Registrations go
through the real services (the engine's submission and admissions' typed rows)."""

import datetime
import uuid

import factory
import wagtail_factories
from django.utils import timezone

from admissions import ids
from admissions.models import (
    AdmissionPlan,
    AdmissionRoundPage,
    AdmissionsIndexPage,
    Gender,
    Grade,
    PriorityGroup,
    Programme,
    Pupil,
    Track,
)
from applications.services import application_submit

CONSENT = (
    "Tôi là cha, mẹ hoặc người giám hộ của trẻ và đồng ý để Sở Giáo dục và Đào tạo và nhà "
    "trường thu thập, xử lý dữ liệu cá nhân của trẻ và của tôi chỉ nhằm tuyển sinh năm học này, "
    "theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân."
)
CHILD_CONSENT = (
    "Em đã được cha mẹ đọc và giải thích: thông tin của em chỉ dùng để xét tuyển vào trường."
)


class AdmissionsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tuyển sinh đầu cấp"
    slug = "tuyen-sinh"
    intro = (
        "Kế hoạch tuyển sinh lớp 1, lớp 6 và lớp 10 của các trường trong tỉnh; đăng ký trực tuyến."
    )

    class Meta:
        model = AdmissionsIndexPage


def timeline(phase, *, now=None):
    """Dates of a round that is in `phase` at `now` (open, practice, changes, closed,
    results, finished, upcoming)."""
    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    offsets = {
        # practice open, practice close, opens, closes, changes close, results, confirm by
        "upcoming": (None, None, 5, 12, None, 20, 27),
        "practice": (-1, 2, 3, 10, None, 20, 27),
        "open": (-12, -9, -2, 7, None, 14, 21),
        "changes": (None, None, -10, -3, 2, 10, 17),
        "closed": (None, None, -10, -3, -2, 5, 12),
        "results": (None, None, -20, -12, -10, -2, 5),
        "finished": (None, None, -30, -25, -24, -20, -1),
    }[phase]
    names = (
        "practice_opens_at",
        "practice_closes_at",
        "opens_at",
        "closes_at",
        "changes_close_at",
        "results_at",
        "confirm_by",
    )
    return {
        name: (now + offset * day if offset is not None else None)
        for name, offset in zip(names, offsets, strict=True)
    }


class AdmissionRoundPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(
        lambda o: f"Tuyển sinh lớp {o.grade} năm học {o.school_year}–{o.school_year + 1}"
    )
    slug = factory.LazyAttribute(lambda o: f"lop-{o.grade}-{o.school_year}")
    school_year = 2027
    grade = Grade.GRADE_1
    max_choices = factory.LazyAttribute(lambda o: 3 if o.grade == Grade.GRADE_10 else 1)
    method = factory.LazyAttribute(lambda o: "exam" if o.grade == Grade.GRADE_10 else "review")
    third_subject = factory.LazyAttribute(
        lambda o: "Tiếng Anh" if o.grade == Grade.GRADE_10 else ""
    )
    consent_text = CONSENT
    child_consent_text = CHILD_CONSENT
    opens_at = factory.LazyFunction(lambda: timeline("open")["opens_at"])
    closes_at = factory.LazyFunction(lambda: timeline("open")["closes_at"])
    results_at = factory.LazyFunction(lambda: timeline("open")["results_at"])
    confirm_by = factory.LazyFunction(lambda: timeline("open")["confirm_by"])

    class Meta:
        model = AdmissionRoundPage


def round_in_phase(parent, phase, *, grade=Grade.GRADE_1, **kwargs):
    return AdmissionRoundPageFactory(parent=parent, grade=grade, **timeline(phase), **kwargs)


def set_phase(round_page, phase, *, now=None):
    for name, value in timeline(phase, now=now).items():
        setattr(round_page, name, value)
    round_page.save()
    return round_page


def add_priority_group(round_page, name, points=0, **kwargs):
    return PriorityGroup.objects.create(
        round=round_page, name=name, points_hundredths=points, **kwargs
    )


def plan_publish(
    round_page, school, *, programmes=((Track.REGULAR, "", 70),), catchment=(), **fields
):
    """An approved plan: created, then published as the department's approval does."""
    plan = AdmissionPlan(round=round_page, school=school, **fields)
    plan.save()
    for position, (track, name, quota) in enumerate(programmes):
        Programme.objects.create(
            plan=plan,
            track=track,
            name=name,
            quota=quota,
            classes=max(quota // 35, 1),
            sort_order=position,
        )
    plan.catchment.set(catchment)
    plan.save_revision().publish()
    return AdmissionPlan.objects.get(pk=plan.pk)


def pupil(
    *, school_year=2027, stage="preschool", serial=1, birth_date=None, female=False, **kwargs
):
    birth_date = birth_date or datetime.date(2021, 3, 14)
    return Pupil.objects.create(
        school_year=school_year,
        stage=stage,
        student_code=kwargs.pop("student_code", f"HS{serial:08d}"),
        full_name=kwargs.pop("full_name", "Nguyễn Minh Khang"),
        birth_date=birth_date,
        gender=Gender.FEMALE if female else Gender.MALE,
        personal_id=kwargs.pop(
            "personal_id", ids.example_id(birth_date=birth_date, female=female, serial=serial)
        ),
        current_school_name=kwargs.pop("current_school_name", "Trường Mầm non Hoa Sen"),
        **kwargs,
    )


def child_id(birth_date, *, female=False, serial=1):
    return ids.example_id(birth_date=birth_date, female=female, serial=serial)


def register(
    round_page,
    *,
    programmes,
    unit,
    name="Nguyễn Minh Khang",
    birth_date=None,
    female=False,
    serial=1,
    personal_id=None,
    phone="0905123456",
    email="",
    priority_group=None,
    ethnicity="",
    pupil=None,
    token=None,
):
    """A registration as a family would submit it, through the real services."""
    birth_date = birth_date or datetime.date(round_page.birth_year, 3, 14)
    personal_id = personal_id or child_id(birth_date, female=female, serial=serial)
    child = {
        "name": name,
        "birth_date": birth_date,
        "gender": Gender.FEMALE if female else Gender.MALE,
        "personal_id": personal_id,
        "phone": phone,
        "email": email,
        "pupil": pupil,
    }
    if round_page.ranks_choices:
        third = {
            "ranked": [p for p in programmes if p.track == Track.REGULAR],
            "extra": [p for p in programmes if p.track != Track.REGULAR],
        }
    else:
        third = {"programme": programmes[0]}
    pages = {
        1: child,
        2: {"unit": unit, "street": "Tổ 1"},
        3: third,
        4: {"parent_name": "Nguyễn Văn Bình", "relationship": "father"},
        5: {"priority_group": priority_group, "incentive_group": None, "ethnicity": ethnicity},
        "submit": {"consent": True, "child_consent": True},
    }
    application, _created = application_submit(
        definition=round_page,
        submission_token=token or uuid.uuid4(),
        applicant={k: child[k] for k in ("name", "birth_date", "phone", "email", "personal_id")},
        answers=[],
        school=programmes[0].plan.school,
        pages=pages,
    )
    return application
