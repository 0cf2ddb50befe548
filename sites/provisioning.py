"""Provisioning: create (and archive) a school's website inside the portal, in one transaction.

Used by the `provision_school` command, the admin action and the CSV import.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.models import (
    ContactFormField,
    ContactPage,
    NavigationSettings,
    NewsIndexPage,
    OrganisationSettings,
)
from sites.models import School, SchoolHomePage, SchoolIndexPage, SchoolSectionPage
from sites.sections import REQUIRED_SECTIONS, SECTION_PAGE
from themes.models import ThemeSettings

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
DEFAULT_CONTACT_FIELDS = [
    ("Họ và tên", "singleline", True),
    ("Thư điện tử", "email", True),
    ("Số điện thoại", "singleline", False),
    ("Nội dung", "multiline", True),
]


class ProvisioningError(Exception):
    """Provisioning refused; the message is for the person who asked (Vietnamese)."""


@dataclass
class SchoolData:
    name: str
    code: str
    slug: str
    school_type: object
    administrative_unit: object
    levels: list = field(default_factory=list)
    address: str = ""
    phone: str = ""
    email: str = ""
    principal: str = ""
    latitude: object = None
    longitude: object = None


def school_directory():
    directory = SchoolIndexPage.objects.first()
    if directory is None:
        raise ProvisioningError(_("The portal has no school directory page yet."))
    return directory


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _create_groups(school, home, collection):
    access_admin = _permission("wagtailadmin", "access_admin")
    groups = {}
    for role, label, page_permissions in (
        ("editors", _("editors"), EDITOR_PAGE_PERMISSIONS),
        ("moderators", _("moderators"), MODERATOR_PAGE_PERMISSIONS),
    ):
        group = Group.objects.create(name=f"{school.code} – {school.name} – {label}")
        group.permissions.add(access_admin)
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(
                group=group, page=home, permission=_permission("wagtailcore", codename)
            )
            for codename in page_permissions
        )
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )
            for app_label, codename in COLLECTION_PERMISSIONS
        )
        groups[role] = group
    return groups


def _create_workflow(school, home, moderators):
    task = GroupApprovalTask.objects.create(
        name=_("Approval by %(school)s") % {"school": school.name}
    )
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=_("Moderation – %(school)s") % {"school": school.name})
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    return workflow


def _create_sections(home, school):
    pages = {}
    for section in REQUIRED_SECTIONS:
        if section.page_type == SECTION_PAGE:
            page = SchoolSectionPage(title=section.title, slug=section.slug, kind=section.kind)
        elif section.page_type == "portal.NewsIndexPage":
            page = NewsIndexPage(title=section.title, slug=section.slug)
        else:
            page = ContactPage(
                title=section.title,
                slug=section.slug,
                to_address=school.email,
                subject=_("Message from the school website"),
                thank_you_text="<p>Cảm ơn bạn. Nhà trường đã nhận được ý kiến.</p>",
            )
            for order, (label, field_type, required) in enumerate(DEFAULT_CONTACT_FIELDS):
                page.form_fields.add(
                    ContactFormField(
                        label=label, field_type=field_type, required=required, sort_order=order
                    )
                )
        home.add_child(instance=page)
        pages[section.kind] = page
    return pages


def _create_settings(site, school, pages):
    ThemeSettings.objects.create(site=site)
    OrganisationSettings.objects.create(
        site=site,
        name=school.name,
        governing_body=settings.WAGTAIL_SITE_NAME,
        address=school.address,
        phone=school.phone,
        email=school.email,
    )
    menu = ["introduction", "news", "disclosures", "admissions", "documents", "contact"]
    NavigationSettings.objects.create(
        site=site,
        header_links=[
            ("link", {"label": pages[kind].title, "page": pages[kind], "url": ""}) for kind in menu
        ],
        footer_links=[
            ("link", {"label": pages[kind].title, "page": pages[kind], "url": ""})
            for kind in ("staff", "qa", "contact")
        ],
    )


@transaction.atomic
def school_provision(*, data):
    """Create the school, its page tree, Site, collection, groups, workflow and settings."""
    if School.objects.filter(code=data.code).exists():
        raise ProvisioningError(
            _("A school with code %(code)s already exists.") % {"code": data.code}
        )
    if School.objects.filter(slug=data.slug).exists():
        raise ProvisioningError(_("The address %(slug)s is already taken.") % {"slug": data.slug})
    directory = school_directory()
    if directory.get_children().filter(slug=data.slug).exists():
        raise ProvisioningError(_("The address %(slug)s is already taken.") % {"slug": data.slug})

    school = School.objects.create(
        name=data.name,
        code=data.code,
        slug=data.slug,
        school_type=data.school_type,
        administrative_unit=data.administrative_unit,
        address=data.address,
        phone=data.phone,
        email=data.email,
        principal=data.principal,
        latitude=data.latitude,
        longitude=data.longitude,
    )
    school.levels.set(data.levels)
    home = directory.add_child(
        instance=SchoolHomePage(
            title=data.name,
            slug=data.slug,
            intro=_("Welcome to the website of %(school)s.") % {"school": data.name},
        )
    )
    pages = _create_sections(home, school)
    site = Site.objects.create(
        hostname=school.hostname, port=80, root_page=home, site_name=data.name
    )
    collection = Collection.get_first_root_node().add_child(name=f"{data.code} – {data.name}")
    groups = _create_groups(school, home, collection)
    _create_workflow(school, home, groups["moderators"])
    _create_settings(site, school, pages)

    school.home_page = home
    school.site = site
    school.collection = collection
    school.editors_group = groups["editors"]
    school.moderators_group = groups["moderators"]
    school.save()
    return school
