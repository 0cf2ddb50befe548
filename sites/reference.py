"""Loading reference data (administrative units, school levels and types) from JSON."""

import json

from django.db import transaction

from sites.models import AdministrativeUnit, SchoolLevel, SchoolType


@transaction.atomic
def reference_data_load(*, data):
    """Create or update every level, type and unit in ``data``; returns the counts."""
    for row in data.get("levels", []):
        SchoolLevel.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": row.get("sort_order", 0)}
        )
    for row in data.get("types", []):
        SchoolType.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    units = {}
    # Parents first: a unit may name a parent defined later in the file.
    pending = list(data.get("units", []))
    while pending:
        progressed = False
        for row in list(pending):
            parent_code = row.get("parent")
            parent = None
            if parent_code:
                parent = (
                    units.get(parent_code)
                    or AdministrativeUnit.objects.filter(code=parent_code).first()
                )
                if parent is None:
                    continue
            units[row["code"]], _ = AdministrativeUnit.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "unit_type": row["unit_type"], "parent": parent},
            )
            pending.remove(row)
            progressed = True
        if not progressed:
            codes = ", ".join(row["code"] for row in pending)
            raise ValueError(f"Units whose parent does not exist: {codes}")
    return {
        "levels": len(data.get("levels", [])),
        "types": len(data.get("types", [])),
        "units": len(data.get("units", [])),
    }


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
