"""Writes of the calendars app."""

from __future__ import annotations

from django.db import transaction

from calendars.models import BridgePoint
from calendars.seed import BRIDGE_POINTS


@transaction.atomic
def bridge_points_seed(*, rows=BRIDGE_POINTS) -> list[BridgePoint]:
    """Create or update the bridge points of `rows` (the seed's system by default), linking
    each to its school's site where the portal has one. Safe to run again."""
    from sites.models import School

    schools = School.objects.in_bulk([slug for *_, slug in rows if slug], field_name="slug")
    points = []
    for order, (code, name, location, school_slug) in enumerate(rows):
        point, _created = BridgePoint.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "location": location,
                "is_main": order == 0,
                "sort_order": order,
                "school": schools.get(school_slug),
            },
        )
        points.append(point)
    return points
