"""The case engine's models, moved here from the `services` app with their rows.

The state is created here (`services.0005` removed it there); in the database the tables are
only renamed, so applications, events, attachments, notifications, payments and holidays keep
their ids, and the files in private storage keep their paths.
"""

import applications.models.applications
import applications.storage
import django.db.models.deletion
import django.utils.timezone
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
    ("services_publicholiday", "applications_publicholiday"),
    ("services_application", "applications_application"),
    ("services_applicationevent", "applications_applicationevent"),
    ("services_attachment", "applications_attachment"),
    ("services_notification", "applications_notification"),
    ("services_payment", "applications_payment"),
]
MODELS = ["publicholiday", "application", "applicationevent", "attachment", "notification", "payment"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("services", "0005_models_moved_to_applications_and_procedures"),
        ("procedures", "0001_initial"),
        ("school_sites", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='ApplicationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('transition', 'Status change'), ('note', 'Internal note'), ('assignment', 'Assignment')], max_length=20, verbose_name='kind')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('actor', models.CharField(choices=[('staff', 'Staff'), ('applicant', 'Applicant'), ('payment_gateway', 'Payment gateway'), ('system', 'The portal (automatically)')], max_length=20, verbose_name='by')),
                ('from_status', models.CharField(blank=True, choices=[('awaiting_payment', 'Awaiting payment'), ('submitted', 'Submitted'), ('received', 'Received'), ('in_review', 'In review'), ('supplement_requested', 'Supplement requested'), ('supplemented', 'Supplemented'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('result_issued', 'Result issued'), ('withdrawn', 'Withdrawn')], max_length=30, verbose_name='from')),
                ('to_status', models.CharField(blank=True, choices=[('awaiting_payment', 'Awaiting payment'), ('submitted', 'Submitted'), ('received', 'Received'), ('in_review', 'In review'), ('supplement_requested', 'Supplement requested'), ('supplemented', 'Supplemented'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('result_issued', 'Result issued'), ('withdrawn', 'Withdrawn')], max_length=30, verbose_name='to')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('visible_to_applicant', models.BooleanField(default=False, verbose_name='visible to the applicant')),
            ],
            options={
                'verbose_name': 'application event',
                'verbose_name_plural': 'application events',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('draft_token', models.UUIDField(blank=True, db_index=True, null=True, verbose_name='journey')),
                ('kind', models.CharField(choices=[('applicant', 'Submitted by the applicant'), ('supplement', 'Supplement'), ('result', 'Result')], max_length=20, verbose_name='kind')),
                ('field_name', models.CharField(blank=True, max_length=60, verbose_name='form field')),
                ('label', models.CharField(blank=True, max_length=255, verbose_name='label')),
                ('file', models.FileField(max_length=200, storage=applications.storage.private_storage, upload_to=applications.models.applications.attachment_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='original name')),
                ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['uploaded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'E-mail'), ('sms', 'SMS')], max_length=10, verbose_name='channel')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sent', 'Sent'), ('failed', 'Failed, will retry'), ('gave_up', 'Gave up')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('last_error', models.CharField(blank=True, max_length=200, verbose_name='last error')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt at')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('txn_ref', models.CharField(max_length=40, unique=True, verbose_name='transaction reference')),
                ('amount', models.PositiveBigIntegerField(verbose_name='amount (VND)')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('paid', 'Paid'), ('failed', 'Payment failed'), ('refund_due', 'Paid, to be refunded')], default='pending', max_length=20, verbose_name='status')),
                ('gateway_transaction_no', models.CharField(blank=True, max_length=40, verbose_name='gateway transaction number')),
                ('response_code', models.CharField(blank=True, max_length=10, verbose_name='response code')),
                ('bank_code', models.CharField(blank=True, max_length=20, verbose_name='bank code')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='paid at')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed by the gateway at')),
                ('gateway_params', models.JSONField(blank=True, default=dict, help_text="The transaction's fields only; the payer's details are not kept.", verbose_name='parameters sent by the gateway')),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PublicHoliday',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='date')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
            ],
            options={
                'verbose_name': 'public holiday',
                'verbose_name_plural': 'public holidays',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='Application',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('procedure', 'Administrative procedure'), ('admission', 'Admission')], default='procedure', max_length=20, verbose_name='kind')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='receipt code')),
                ('submission_token', models.UUIDField(editable=False, help_text='One per applicant journey: a repeated submission finds the same row.', unique=True, verbose_name='submission token')),
                ('status', models.CharField(choices=[('awaiting_payment', 'Awaiting payment'), ('submitted', 'Submitted'), ('received', 'Received'), ('in_review', 'In review'), ('supplement_requested', 'Supplement requested'), ('supplemented', 'Supplemented'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('result_issued', 'Result issued'), ('withdrawn', 'Withdrawn')], default='submitted', max_length=30, verbose_name='status')),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='submitted at')),
                ('clock_started_on', models.DateField(verbose_name='handling time counted from')),
                ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('applicant_name', models.CharField(max_length=150, verbose_name="applicant's name")),
                ('applicant_birth_date', models.DateField(null=True, verbose_name="applicant's date of birth")),
                ('applicant_phone', models.CharField(max_length=15, verbose_name="applicant's phone")),
                ('applicant_email', models.EmailField(blank=True, max_length=254, verbose_name="applicant's e-mail")),
                ('applicant_personal_id', models.CharField(blank=True, max_length=12, verbose_name='personal ID number')),
                ('answers', models.JSONField(blank=True, default=list, verbose_name='answers')),
                ('consent_text', models.TextField(blank=True, verbose_name='consent text')),
                ('consent_version', models.CharField(blank=True, max_length=20, verbose_name='consent version')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('personal_data_purged_at', models.DateTimeField(null=True, verbose_name='personal data purged at')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_applications', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
            ],
            options={
                'verbose_name': 'application',
                'verbose_name_plural': 'applications',
                'ordering': ['-submitted_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='application',
            name='procedure',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='procedures.procedurepage', verbose_name='procedure'),
        ),
        migrations.AddField(
            model_name='application',
            name='school',
            field=models.ForeignKey(blank=True, help_text='The school that processes the application, when it goes to a school.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='school_sites.school', verbose_name='school'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='applications.application', verbose_name='application'),
        ),
        migrations.AddField(
            model_name='applicationevent',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='application',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='applications.application', verbose_name='application'),
        ),
        migrations.AddField(
            model_name='notification',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='applications.application', verbose_name='application'),
        ),
        migrations.AddField(
            model_name='notification',
            name='event',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to='applications.applicationevent', verbose_name='event'),
        ),
        migrations.AddField(
            model_name='payment',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='applications.application', verbose_name='application'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['status', 'due_date'], name='services_ap_status_e34a01_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['procedure', 'status'], name='services_ap_procedu_11c315_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['submitted_at'], name='services_ap_submitt_358c68_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['status', 'next_attempt_at'], name='services_no_status_84215f_idx'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'paid')), fields=('application',), name='services_payment_one_paid_per_application'),
        ),
            ],
            database_operations=[rename_tables(TABLES)],
        ),
        move_content_types(MODELS, "applications"),
    ]
