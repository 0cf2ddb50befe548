"""The procedure catalogue's models, moved here from the `services` app with their rows.

The state is created here (`services.0005` removed it there); in the database the tables are
only renamed, so every id, page, revision and permission stays as it was.
"""

import django.db.models.deletion
import modelcluster.fields
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def rename_tables(pairs):
    """A database operation renaming each (old, new) table; rows, ids and sequences stay."""

    def forwards(apps, schema_editor):
        for old, new in pairs:
            schema_editor.execute(
                schema_editor.sql_rename_table
                % {"old_table": schema_editor.quote_name(old), "new_table": schema_editor.quote_name(new)}
            )

    def backwards(apps, schema_editor):
        for old, new in reversed(pairs):
            schema_editor.execute(
                schema_editor.sql_rename_table
                % {"old_table": schema_editor.quote_name(new), "new_table": schema_editor.quote_name(old)}
            )

    return migrations.RunPython(forwards, backwards)


def move_content_types(models, to_app):
    """Give the moved models' content types their new app, keeping their ids: pages, permissions,
    audit log entries and search entries that point to them stay attached."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not ContentType.objects.filter(app_label=to_app, model=model).exists():
                ContentType.objects.filter(app_label="services", model=model).update(app_label=to_app)

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=to_app, model__in=models).update(app_label="services")

    return migrations.RunPython(forwards, backwards)


TABLES = [
    ("services_handlingbody", "procedures_handlingbody"),
    ("services_procedurefield", "procedures_procedurefield"),
    ("services_procedurefield_officer_groups", "procedures_procedurefield_officer_groups"),
    ("services_procedureindexpage", "procedures_procedureindexpage"),
    ("services_procedurepage", "procedures_procedurepage"),
    ("services_procedureformfield", "procedures_procedureformfield"),
]
MODELS = ["handlingbody", "procedurefield", "procedureindexpage", "procedurepage", "procedureformfield"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("services", "0005_models_moved_to_applications_and_procedures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='HandlingBody',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=150, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'handling body',
                'verbose_name_plural': 'handling bodies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ProcedureField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=150, unique=True, verbose_name='slug')),
                ('officer_groups', models.ManyToManyField(blank=True, help_text='Members of these groups process the online applications of this field.', related_name='procedure_fields', to='auth.group', verbose_name='processing groups')),
            ],
            options={
                'verbose_name': 'procedure field',
                'verbose_name_plural': 'procedure fields',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ProcedureIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, verbose_name='introduction')),
                ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared on social networks.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='social sharing image')),
            ],
            options={
                'verbose_name': 'procedure catalogue',
                'verbose_name_plural': 'procedure catalogues',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ProcedurePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('code', models.CharField(help_text='The code of the procedure in the national database, e.g. 1.005092.', max_length=30, verbose_name='procedure code')),
                ('online_level', models.CharField(choices=[('full', 'Full online'), ('partial', 'Partial online')], default='partial', max_length=10, verbose_name='online level')),
                ('handling', models.CharField(choices=[('here', 'Online on this portal'), ('elsewhere', 'On the national public service portal')], default='elsewhere', max_length=10, verbose_name='where it is submitted online')),
                ('external_url', models.URLField(blank=True, help_text='Leave empty to link to the national portal by the procedure code.', verbose_name='address on the national portal')),
                ('recipient', models.CharField(choices=[('department', "The handling body (officers of the procedure's field)"), ('chosen_school', 'A school the applicant chooses')], default='department', help_text='For procedures handled by schools (school transfer, copies of diplomas kept by the school): the applicant chooses the school, whose staff then process the application.', max_length=20, verbose_name='applications go to')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('steps', wagtail.fields.RichTextField(blank=True, verbose_name='steps')),
                ('method', wagtail.fields.RichTextField(blank=True, verbose_name='method of submission')),
                ('dossier', wagtail.fields.RichTextField(blank=True, verbose_name='dossier components')),
                ('time_limit_days', models.PositiveSmallIntegerField(default=0, help_text='0 means the same day. Deadlines skip weekends and public holidays.', verbose_name='time limit (working days)')),
                ('time_limit_text', models.CharField(blank=True, max_length=255, verbose_name='time limit as published')),
                ('applicants', wagtail.fields.RichTextField(blank=True, verbose_name='who may apply')),
                ('result', models.TextField(blank=True, verbose_name='result of the procedure')),
                ('forms_to_download', wagtail.fields.RichTextField(blank=True, verbose_name='forms to download')),
                ('fee', models.CharField(blank=True, max_length=255, verbose_name='fee')),
                ('fee_amount', models.PositiveBigIntegerField(default=0, help_text='0: no online payment. Otherwise an application waits for this payment (VNPay) before it is handled; the fee text above stays the public description.', verbose_name='fee paid online (VND)')),
                ('delivery', models.TextField(blank=True, verbose_name='how the result is delivered')),
                ('legal_basis', wagtail.fields.RichTextField(blank=True, verbose_name='legal basis')),
                ('before_you_start', wagtail.fields.RichTextField(blank=True, help_text='Shown on the start page of the online application.', verbose_name='what you need before you start')),
                ('consent_text', models.TextField(blank=True, help_text='What the applicant agrees to about their personal data.', verbose_name='consent text')),
                ('consent_version', models.CharField(default='1', max_length=20, verbose_name='consent version')),
                ('retention_days', models.PositiveIntegerField(default=1825, help_text='After the result is issued, personal data is kept this many days.', verbose_name='retention of personal data (days)')),
                ('handling_body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='procedures', to='procedures.handlingbody', verbose_name='handling body')),
                ('procedure_field', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='procedures', to='procedures.procedurefield', verbose_name='field')),
                ('social_image', models.ForeignKey(blank=True, help_text='Shown when the page is shared on social networks.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='social sharing image')),
            ],
            options={
                'verbose_name': 'procedure',
                'verbose_name_plural': 'procedures',
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ProcedureFormField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('step', models.PositiveSmallIntegerField(default=1, help_text='Fields with the same number share a page.', verbose_name='form page')),
                ('label', models.CharField(max_length=255, verbose_name='label')),
                ('name', models.SlugField(blank=True, help_text='Filled in from the label. Do not change once applications exist.', max_length=60, verbose_name='name')),
                ('field_type', models.CharField(choices=[('text', 'Short text'), ('textarea', 'Long text'), ('date', 'Date'), ('choice', 'Choice'), ('personal_id', 'Personal ID number (12 digits)'), ('phone', 'Vietnamese phone number'), ('email', 'E-mail'), ('address', 'Address'), ('file', 'File upload'), ('consent', 'Consent checkbox')], max_length=20, verbose_name='type')),
                ('required', models.BooleanField(default=True, verbose_name='required')),
                ('help_text', models.CharField(blank=True, max_length=255, verbose_name='help text')),
                ('choices', models.TextField(blank=True, help_text='One choice per line.', verbose_name='choices')),
                ('file_kinds', models.CharField(blank=True, default='pdf,jpeg,png', help_text='For file uploads, separated by commas: pdf, jpeg, png, docx.', max_length=50, verbose_name='allowed file types')),
                ('max_size_mb', models.PositiveSmallIntegerField(default=5, help_text='For file uploads.', verbose_name='largest file (MB)')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='form_fields', to='procedures.procedurepage')),
            ],
            options={
                'verbose_name': 'form field',
                'verbose_name_plural': 'form fields',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
            ],
            database_operations=[rename_tables(TABLES)],
        ),
        move_content_types(MODELS, "procedures"),
    ]
