"""Provisioning: create (and archive) a school's website inside the portal, in one transaction.

Used by the `provision_school` command, the admin action and the CSV import.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.db import router, transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.rich_text import RichText

from portal.models import (
    ContactFormField,
    ContactPage,
    NavigationSettings,
    OrganisationSettings,
)
from sites.models import School, SchoolHomePage, SchoolIndexPage, SchoolSectionPage
from sites.permissions import school_grant_settings_permissions
from sites.sections import CONTACT_PAGE, REQUIRED_SECTIONS, SECTION_PAGE
from sites.selectors import school_site_port
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


# Addresses under the school directory that its own routes use ("news from schools").
RESERVED_SLUGS = {"tin-tuc"}


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


def _contact_section(section, school):
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
    return page


def school_introduction(school):
    """Starting text of a school's introduction, from what the School record knows (its
    type, levels, unit, address, principal and contacts): (intro, body HTML). The school's
    editors complete it; a record with nothing to say gives ("", "")."""
    levels = ", ".join(level.name for level in school.levels.all())
    facts = {
        "name": school.name,
        "type": school.school_type.name.lower() if school.school_type_id else "",
        "levels": levels,
        "unit": school.administrative_unit.name if school.administrative_unit_id else "",
    }
    if facts["type"] and facts["levels"] and facts["unit"]:
        intro = _("%(name)s is a %(type)s school (%(levels)s) in %(unit)s.") % facts
    elif facts["levels"]:
        intro = _("%(name)s is a school (%(levels)s).") % facts
    else:
        intro = ""
    rows = [
        (_("Address"), school.address),
        (_("Principal"), school.principal),
        (_("Phone"), school.phone),
        (_("E-mail"), school.email),
    ]
    items = "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in rows if value)
    return intro, (f"<ul>{items}</ul>" if items else "")


def _section_page(section, school):
    """An unsaved page for one required section (sites.sections says how each is held).
    The introduction starts with what the School record says."""
    if section.page_type == SECTION_PAGE and section.kind == "introduction":
        intro, body = school_introduction(school)
        return SchoolSectionPage(
            title=section.title,
            slug=section.slug,
            kind=section.kind,
            intro=intro,
            body=[("paragraph", RichText(body))] if body else [],
        )
    if section.page_type == SECTION_PAGE:
        return SchoolSectionPage(title=section.title, slug=section.slug, kind=section.kind)
    if section.page_type == CONTACT_PAGE:
        return _contact_section(section, school)
    return apps.get_model(section.page_type)(title=section.title, slug=section.slug)


def _create_sections(home, school):
    pages = {}
    for section in REQUIRED_SECTIONS:
        page = _section_page(section, school)
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
    if School.objects.filter(slug=data.slug).exists() or data.slug in RESERVED_SLUGS:
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
        hostname=school.hostname, port=school_site_port(), root_page=home, site_name=data.name
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
    school_grant_settings_permissions(school=school)
    return school


# --------------------------------------------------------------------------------------------
# Validation shared by the admin form and the CSV import.

SCHOOL_CODE_LENGTH = 8
"""The ministry's school code: exactly this many digits (e.g. 51000101)."""
SCHOOL_CODE_PATTERN = re.compile(rf"^[0-9]{{{SCHOOL_CODE_LENGTH}}}$")
SLUG_MAX_LENGTH = 63  # one DNS label: the school is served on <slug>.<PORTAL_DOMAIN>
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def school_slug_owner(*, slug):
    """Who holds ``slug`` under the school directory: a School, True (another page), or None."""
    school = School.objects.filter(slug=slug).first()
    if school is not None:
        return school
    directory = SchoolIndexPage.objects.first()
    if directory is not None and directory.get_children().filter(slug=slug).exists():
        return True
    return None


# --------------------------------------------------------------------------------------------
# Updating a provisioned school (the CSV import re-run).

SCHOOL_UPDATE_FIELDS = [
    "name",
    "school_type",
    "administrative_unit",
    "address",
    "phone",
    "email",
    "principal",
    "latitude",
    "longitude",
]
ORGANISATION_FIELDS = {"name": "name", "address": "address", "phone": "phone", "email": "email"}


def _organisation_sync(school):
    """Copy the school's contact details to its site's OrganisationSettings and Site name."""
    if school.site_id is None:
        return
    organisation = OrganisationSettings.objects.filter(site_id=school.site_id).first()
    if organisation is not None:
        changed = [
            setting
            for setting, attribute in ORGANISATION_FIELDS.items()
            if getattr(organisation, setting) != getattr(school, attribute)
        ]
        for setting in changed:
            setattr(organisation, setting, getattr(school, ORGANISATION_FIELDS[setting]))
        if changed:
            organisation.save(update_fields=changed)
    renamed = (
        Site.objects.filter(pk=school.site_id)
        .exclude(site_name=school.name)
        .update(site_name=school.name)
    )
    if renamed:  # update() sends no signal: the cached site lookup must learn of it
        from portal import sitecache

        sitecache.bump(every_site=True)


@transaction.atomic
def school_update(*, school, data):
    """Update an existing school's record from ``data`` (the slug is never changed).

    Also copies the contact details to the site's OrganisationSettings and the name to its
    Site. Returns the names of the fields that changed (empty: nothing was written).
    """
    changed = []
    for name in SCHOOL_UPDATE_FIELDS:
        value = getattr(data, name)
        current = getattr(school, name)
        if name in ("latitude", "longitude"):
            equal = (current is None and value is None) or (
                current is not None and value is not None and Decimal(current) == Decimal(value)
            )
        else:
            equal = current == value
        if not equal:
            setattr(school, name, value)
            changed.append(name)
    wanted_levels = {level.pk for level in data.levels}
    if set(school.levels.values_list("pk", flat=True)) != wanted_levels:
        school.levels.set(data.levels)
        changed.append("levels")
    if changed:
        school.save()
        _organisation_sync(school)
    return changed


# --------------------------------------------------------------------------------------------
# De-provisioning: archive and restore, without losing content.

ARCHIVE_ACTION = "school_sites.archive"
RESTORE_ACTION = "school_sites.restore"


def _site_dependants(site):
    """Rows that deleting ``site`` would delete with it (site settings, redirects, …)."""
    from django.contrib.admin.utils import NestedObjects

    collector = NestedObjects(using=router.db_for_write(Site))
    collector.collect([site])
    objects = []
    for model, instances in collector.data.items():
        if model is Site:
            continue
        objects.extend(instances)
    for queryset in collector.fast_deletes:
        if queryset.model is not Site:
            objects.extend(queryset)
    return objects


@transaction.atomic
def school_archive(*, school, user=None):
    """Archive a school: it stops being served, its content and revisions are kept.

    Unpublishes the home page and every descendant, deletes the Site (so its host is no
    longer served) and removes its groups' page and collection permissions (the groups and
    their members stay). What is needed to undo it (which pages were live, at which
    revision; the Site and the rows that hang off it, such as its settings; the removed
    permissions) is recorded in an audit-log entry on the home page, which `school_restore`
    reads back.
    """
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status == School.Status.ARCHIVED:
        raise ProvisioningError(_("%(school)s is already archived.") % {"school": school.name})
    home = school.home_page
    if home is None:
        raise ProvisioningError(_("%(school)s has no home page.") % {"school": school.name})

    live_pages = []
    for page in Page.objects.descendant_of(home, inclusive=True).live().order_by("path"):
        revision_id = page.live_revision_id
        if revision_id is None:
            # Published without a revision (provisioning does that): keep what is live.
            revision_id = page.specific.save_revision(user=user, clean=False, changed=False).pk
        live_pages.append({"page": page.pk, "revision": revision_id})

    groups = [group for group in (school.editors_group, school.moderators_group) if group]
    page_permissions = GroupPagePermission.objects.filter(group__in=groups)
    collection_permissions = GroupCollectionPermission.objects.filter(group__in=groups)
    data = {
        "live_pages": live_pages,
        "page_permissions": list(page_permissions.values("group", "page", "permission")),
        "collection_permissions": list(
            collection_permissions.values("group", "collection", "permission")
        ),
        "site": None,
    }
    site = school.site
    if site is not None:
        data["site"] = {
            "id": site.pk,
            "hostname": site.hostname,
            "port": site.port,
            "site_name": site.site_name,
            "is_default_site": site.is_default_site,
            "dependants": serializers.serialize("json", _site_dependants(site)),
        }

    # One by one (Wagtail's include_descendants checks the user's page permissions, which a
    # department administrator who is not a superuser need not hold on school pages).
    for page in Page.objects.descendant_of(home, inclusive=True).live().specific():
        UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    page_permissions.delete()
    collection_permissions.delete()
    if site is not None:
        site.delete()
    school.site = None
    school.status = School.Status.ARCHIVED
    school.save()
    log(instance=home.specific, action=ARCHIVE_ACTION, user=user, data=data)
    return school


@transaction.atomic
def school_restore(*, school, user=None):
    """Undo `school_archive`: the Site (with its settings), permissions and live pages return."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status != School.Status.ARCHIVED:
        raise ProvisioningError(_("%(school)s is not archived.") % {"school": school.name})
    home = school.home_page
    entry = (
        PageLogEntry.objects.filter(page=home, action=ARCHIVE_ACTION).order_by("-pk").first()
        if home is not None
        else None
    )
    if entry is None:
        raise ProvisioningError(
            _("No archive record was found for %(school)s.") % {"school": school.name}
        )
    data = entry.data

    saved = data.get("site")
    if saved is not None:
        if Site.objects.filter(hostname=saved["hostname"], port=saved["port"]).exists():
            raise ProvisioningError(
                _("The address %(host)s is used by another site.") % {"host": saved["hostname"]}
            )
        # Same primary key as before, so the saved settings rows point at it unchanged.
        site = Site.objects.create(
            pk=saved["id"],
            hostname=saved["hostname"],
            port=saved["port"],
            site_name=school.name,
            root_page=home,
            is_default_site=saved["is_default_site"],
        )
        for row in serializers.deserialize("json", saved["dependants"]):
            row.save()
    else:
        site = Site.objects.create(
            hostname=school.hostname, port=school_site_port(), root_page=home, site_name=school.name
        )
    school.site = site
    school.status = School.Status.ACTIVE
    school.save()
    _organisation_sync(school)

    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(
                group_id=row["group"], page_id=row["page"], permission_id=row["permission"]
            )
            for row in data.get("page_permissions", [])
        ],
        ignore_conflicts=True,
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group_id=row["group"],
                collection_id=row["collection"],
                permission_id=row["permission"],
            )
            for row in data.get("collection_permissions", [])
        ],
        ignore_conflicts=True,
    )

    revisions = Revision.page_revisions.in_bulk(
        [row["revision"] for row in data.get("live_pages", [])]
    )
    for row in data.get("live_pages", []):
        revision = revisions.get(row["revision"])
        if revision is not None and Page.objects.filter(pk=row["page"]).exists():
            revision.publish(user=user, changed=False, skip_permission_checks=True)
    log(instance=home.specific, action=RESTORE_ACTION, user=user)
    return school
