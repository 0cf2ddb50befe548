"""Factories for the organisation chart and staff directory (tests and demo content)."""

import wagtail_factories

from organisation import models


def person(name, position, phone="", email="", leader=False):
    return {"name": name, "position": position, "phone": phone, "email": email, "is_leader": leader}


def unit(name, people=(), sub_units=(), duties="", phone="", email=""):
    """One "unit" block value; sub_units are dicts of the same shape without sub_units."""
    return (
        "unit",
        {
            "name": name,
            "duties": duties,
            "phone": phone,
            "email": email,
            "people": list(people),
            "sub_units": [
                {"name": "", "duties": "", "phone": "", "email": "", "people": [], **sub}
                for sub in sub_units
            ],
        },
    )


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = "Cơ cấu tổ chức"
    slug = "co-cau-to-chuc"

    class Meta:
        model = models.OrganisationPage


class StaffDirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Danh bạ cán bộ"
    slug = "danh-ba"

    class Meta:
        model = models.StaffDirectoryPage
