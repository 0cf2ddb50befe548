"""Walking a registration journey through HTTP, as a parent's browser does."""

import re

from admissions.models import Track


def child_page(round_page, *, birth, personal_id, female=False, name="Nguyễn Minh Khang"):
    return {
        "name": name,
        "birth_date": birth.isoformat(),
        "gender": "female" if female else "male",
        "personal_id": personal_id,
        "phone": "0905 123 456",
        "email": "",
    }


def residence_page(unit, **extra):
    return {"unit": unit.code, "street": "12 Lê Lợi", **extra}


PARENT = {
    "parent_name": "Nguyễn Văn Bình",
    "relationship": "father",
    "parent_personal_id": "051085000321",
}


def post_step(client, round_page, number, data, follow=False):
    return client.post(round_page.journey_url("step", step=str(number)), data, follow=follow)


def submit(client, round_page, pages, *, child_consent=False):
    """Post each page, then the check page; returns the last response."""
    for number, data in enumerate(pages, start=1):
        response = post_step(client, round_page, number, data)
        assert response.status_code == 302, (number, response.content.decode()[:3000])
    check = client.get(round_page.journey_url("check"))
    assert check.status_code == 200, check.status_code
    token = re.search(r'name="token" value="([^"]+)"', check.content.decode()).group(1)
    data = {"token": token, "consent": "on"}
    if child_consent:
        data["child_consent"] = "on"
    return client.post(round_page.journey_url("check"), data)


def code_of(response):
    return re.search(r"/da-nop/([^/]+)/", response["Location"]).group(1)


def grade_1_pages(round_page, programme, unit, *, birth, personal_id, priority="", **child):
    return [
        child_page(round_page, birth=birth, personal_id=personal_id, **child),
        residence_page(unit),
        {"programme": str(programme.pk)},
        PARENT,
        {"priority": priority},
    ]


def grade_10_pages(round_page, programmes, unit, *, birth, personal_id, extra=None):
    choices = {f"choice_{n}": str(p.pk) for n, p in enumerate(programmes, start=1)}
    for programme in extra or ():
        choices[programme.track] = str(programme.pk)
    return [
        child_page(round_page, birth=birth, personal_id=personal_id),
        residence_page(
            unit,
            previous_school="Trường THCS Cẩm Thành",
            completed_year=str(round_page.school_year),
        ),
        choices,
        PARENT,
        {"priority": ""},
    ]


__all__ = ["Track"]
