"""Seed the holiday calendar (2026–2027) from applications/data/holidays.json: data, not code."""

import datetime
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[2] / "applications" / "data" / "holidays.json"


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("services", "PublicHoliday")
    for day, name in json.loads(DATA.read_text(encoding="utf-8"))["holidays"]:
        PublicHoliday.objects.get_or_create(
            date=datetime.date.fromisoformat(day), defaults={"name": name}
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
