"""What admissions need in every database, made after each `migrate` (idempotent): the
department's admissions officers group and the approval workflow of the schools' plans.

Permissions only exist once `migrate` has created them, hence a post_migrate handler rather
than a data migration. An operator may rename the group or edit the workflow in the admin;
they are found again by their stable names below, and never recreated once they exist.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

OFFICERS_GROUP = "Cán bộ tuyển sinh của Sở"
WORKFLOW_NAME = "Duyệt kế hoạch tuyển sinh"
TASK_NAME = "Sở duyệt kế hoạch tuyển sinh"
OFFICER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("admissions", "add_admissionplan"),
    ("admissions", "change_admissionplan"),
    ("admissions", "delete_admissionplan"),
    ("admissions", "publish_admissionplan"),
    ("admissions", "lock_admissionplan"),
    ("admissions", "unlock_admissionplan"),
    ("admissions", "oversee_admissions"),
]


@transaction.atomic
def ensure_admissions_setup() -> Group:
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

    from admissions.models import AdmissionPlan

    group, _created = Group.objects.get_or_create(name=OFFICERS_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in OFFICER_PERMISSIONS},
        codename__in=[codename for _, codename in OFFICER_PERMISSIONS],
    )
    group.permissions.add(*wanted)
    content_type = ContentType.objects.get_for_model(AdmissionPlan)
    if not WorkflowContentType.objects.filter(content_type=content_type).exists():
        workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
            task.groups.add(group)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
    return group


def on_post_migrate(sender, **kwargs):
    ensure_admissions_setup()
