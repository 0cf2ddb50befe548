"""The models of this app moved to `applications` (the case engine) and `procedures` (the
catalogue). This migration only removes them from this app's migration state: the tables and
their rows stay, and `procedures.0001` and `applications.0001` take them over under new names.
"""

from django.db import migrations

# Dependents before what they point to, so that the state stays consistent at each step.
MOVED = [
    "notification",
    "payment",
    "attachment",
    "applicationevent",
    "application",
    "procedureformfield",
    "procedurepage",
    "procedureindexpage",
    "procedurefield",
    "handlingbody",
    "publicholiday",
]


class Migration(migrations.Migration):
    dependencies = [("services", "0004_system_actor")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name) for name in MOVED],
            database_operations=[],
        )
    ]
