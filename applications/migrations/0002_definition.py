"""An application points to its case definition (any page implementing the engine's
protocol), no longer to a procedure page; `kind` goes, since the definition's class says it.

The values stay: a procedure page's id is its page's id, so the column is only renamed and
its foreign key re-pointed from the procedure table to the page table.
"""

import django.db.models.deletion
from django.db import migrations, models


def refuse_missing_definitions(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    missing = Application.objects.filter(procedure__isnull=True).count()
    if missing:
        raise RuntimeError(
            f"{missing} applications have no procedure: give each its procedure page "
            "(UPDATE applications_application SET procedure_id = ...) and migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(refuse_missing_definitions, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="application", name="services_ap_procedu_11c315_idx"),
        migrations.RenameField(model_name="application", old_name="procedure", new_name="definition"),
        migrations.AlterField(
            model_name="application",
            name="definition",
            field=models.ForeignKey(
                help_text="The page the applicant applied on, which says how the case is handled.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="wagtailcore.page",
                verbose_name="applied on",
            ),
        ),
        migrations.RemoveField(model_name="application", name="kind"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["definition", "status"], name="applications_definition_status"),
        ),
    ]
