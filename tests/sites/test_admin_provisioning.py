"""The "Schools" admin for department administrators: list, create, import, archive, restore;
and the archive/restore services underneath."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    PageLogEntry,
    Site,
)

from portal.models import NavigationSettings, OrganisationSettings
from sites import factories
from sites.models import School, SchoolSectionPage
from sites.provisioning import (
    ARCHIVE_ACTION,
    ProvisioningError,
    school_archive,
    school_restore,
)
from sites.sections import REQUIRED_SECTIONS, SECTION_PAGE
from themes.models import ThemeSettings

INDEX = reverse("school_sites_admin:index")
CREATE = reverse("school_sites_admin:create")
IMPORT = reverse("school_sites_admin:import")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference(school_directory):
    return {
        "level": factories.SchoolLevelFactory(code="C2", name="Trung học cơ sở"),
        "unit": factories.AdministrativeUnitFactory(code="51-CT", name="Cẩm Thành"),
        "type": factories.SchoolTypeFactory(),
    }


@pytest.fixture
def admin_client(client, django_user_model, reference):
    user = django_user_model.objects.create_superuser("sogd", "sogd@example.vn", "mật-khẩu-1")
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "name": "Trường THCS Lê Lợi",
        "code": "51000777",
        "slug": "",
        "levels": ["C2"],
        "school_type": "cong-lap",
        "administrative_unit": "51-CT",
        "address": "10 Lê Lợi, phường Cẩm Thành",
        "phone": "0255 3822 777",
        "email": "thcsleloi@quangngai.edu.vn",
        "principal": "Nguyễn Văn An",
        "latitude": "15.12",
        "longitude": "108.8",
    }
    data.update(overrides)
    return data


def counts():
    return (
        School.objects.count(),
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )


def test_superuser_creates_a_school_site_in_one_submit(admin_client, settings):
    settings.PORTAL_DOMAIN = "sogd.example.vn"
    assert admin_client.get(CREATE).status_code == 200
    response = admin_client.post(CREATE, form_data())
    assert response.status_code == 302
    assert response.url == INDEX
    school = School.objects.get(code="51000777")
    assert school.slug == "truong-thcs-le-loi"
    assert school.site.hostname == "truong-thcs-le-loi.sogd.example.vn"
    assert school.home_page.live
    assert school.home_page.get_children().count() == len(REQUIRED_SECTIONS)
    slugs = set(school.home_page.get_children().values_list("slug", flat=True))
    assert slugs >= {section.slug for section in REQUIRED_SECTIONS}
    generic = [s for s in REQUIRED_SECTIONS if s.page_type == SECTION_PAGE]
    assert SchoolSectionPage.objects.child_of(school.home_page).count() == len(generic)
    assert school.collection and school.editors_group and school.moderators_group
    assert OrganisationSettings.objects.get(site=school.site).email == school.email
    assert list(school.levels.values_list("code", flat=True)) == ["C2"]
    # Served on its host.
    by_host = admin_client.get("/", HTTP_HOST=school.hostname)
    assert by_host.status_code == 200
    assert by_host.context["page"].pk == school.home_page_id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "12345"}, "code", "Mã trường phải gồm đúng 8 chữ số."),
        ({"name": ""}, "name", "This value is required."),
        ({"administrative_unit": "99-XX"}, "administrative_unit", "Unknown administrative unit"),
        ({"email": "not-an-address"}, "email", "is not a valid e-mail address"),
        ({"latitude": "200"}, "latitude", "is not a number between -90 and 90"),
        ({"slug": "Có dấu"}, "slug", "may contain only lower-case letters"),
    ],
)
def test_invalid_form_is_400_and_creates_nothing(admin_client, overrides, field, message):
    before = counts()
    response = admin_client.post(CREATE, form_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert counts() == before


def test_taken_code_and_address_are_400(admin_client):
    factories.provision_school("Trường THCS Lê Lợi", "51000777")
    before = counts()
    response = admin_client.post(CREATE, form_data(code="51000778"))
    assert response.status_code == 400
    assert "already taken by Trường THCS Lê Lợi (51000777)" in response.content.decode()
    response = admin_client.post(CREATE, form_data(slug="khac"))
    assert response.status_code == 400
    assert "A school with code 51000777 already exists." in response.content.decode()
    assert counts() == before


def test_school_listing_queries_do_not_grow_with_schools(admin_client):
    factories.provision_school("Trường A", "51000001")
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(INDEX)
    assert response.status_code == 200
    for number in range(2, 6):
        factories.provision_school(f"Trường {number}", f"5100000{number}")
    school = School.objects.get(code="51000003")
    school_archive(school=school)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(INDEX)
    content = response.content.decode()
    assert "Trường 5" in content
    assert "truong-5.localhost" in content
    assert reverse("school_sites_admin:restore", args=[school.pk]) in content
    assert len(many.captured_queries) == len(few.captured_queries)


def test_listing_filters_by_name_without_diacritics_and_status(admin_client):
    factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000001")
    archived = factories.provision_school("Trường THCS Cẩm Thành", "51000002")
    school_archive(school=archived)
    response = admin_client.get(INDEX, {"q": "nghia lo"})
    assert [s.code for s in response.context["schools"]] == ["51000001"]
    response = admin_client.get(INDEX, {"status": "archived"})
    assert [s.code for s in response.context["schools"]] == ["51000002"]


def test_menu_item_for_department_administrators_only(admin_client, client, two_schools):
    assert INDEX in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    editor = school_editor(two_schools[0])
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert INDEX not in home.content.decode()


def school_editor(school):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("giaovien", "gv@example.vn", "mật-khẩu-2")
    user.groups.add(school.editors_group)
    return user


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["index", "create", "import", "archive", "restore"])
def test_school_editors_are_denied(client, two_schools, reference, method, name):
    school = two_schools[1]
    client.force_login(school_editor(two_schools[0]))
    args = [school.pk] if name in ("archive", "restore") else []
    before = counts()
    response = getattr(client, method)(
        reverse(f"school_sites_admin:{name}", args=args), form_data() if method == "post" else {}
    )
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    assert counts() == before
    assert School.objects.get(pk=school.pk).status == School.Status.ACTIVE


def test_staff_with_the_add_school_permission_may_provision(client, django_user_model, reference):
    user = django_user_model.objects.create_user("phongkt", "kt@example.vn", "mật-khẩu-3")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_school", content_type__app_label="school_sites"),
    )
    client.force_login(user)
    assert client.get(INDEX).status_code == 200
    assert client.post(CREATE, form_data()).status_code == 302
    assert School.objects.filter(code="51000777").exists()


def test_csv_upload_runs_the_importer_and_shows_the_report(admin_client):
    text = (
        "code,name,levels,type,unit\n"
        "51000801,Trường THCS Nghĩa Chánh,C2,cong-lap,51-CT\n"
        "123,Trường sai mã,C2,cong-lap,51-CT\n"
    )
    upload = SimpleUploadedFile("truong.csv", b"\xef\xbb\xbf" + text.encode(), "text/csv")
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.status_code == 400  # one row failed
    content = response.content.decode()
    assert "Mã trường phải gồm đúng 8 chữ số." in content
    report = response.context["report"]
    assert (report.created, report.failed) == (1, 1)
    assert School.objects.filter(code="51000801").exists()

    response = admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("t.csv", text.encode()), "dry_run": "on"}
    )
    assert response.context["report"].dry_run
    assert response.context["report"].unchanged == 1
    assert School.objects.count() == 1


def test_csv_upload_refuses_files_too_long_for_one_request(admin_client, monkeypatch):
    from sites.views import provisioning

    monkeypatch.setattr(provisioning, "ADMIN_IMPORT_MAX_ROWS", 1)
    text = "code,name,levels,type,unit\n" + "".join(
        f"5100080{n},Trường {n},C2,cong-lap,51-CT\n" for n in (1, 2)
    )
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile("t.csv", text.encode())})
    assert response.status_code == 400
    assert "import_schools" in response.content.decode()
    assert not School.objects.exists()


def test_csv_upload_refuses_files_it_cannot_read(admin_client):
    response = admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("t.csv", "ab".encode("utf-16"))}
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert admin_client.post(IMPORT, {}).status_code == 400


# ------------------------------------------------------------------- archive and restore


def permission_rows(school):
    groups = [school.editors_group, school.moderators_group]
    return (
        set(
            GroupPagePermission.objects.filter(group__in=groups).values_list(
                "group", "page", "permission"
            )
        ),
        set(
            GroupCollectionPermission.objects.filter(group__in=groups).values_list(
                "group", "collection", "permission"
            )
        ),
    )


def test_archive_and_restore_keep_content_settings_and_permissions(client, two_schools, settings):
    school, other = two_schools
    home = school.home_page.specific
    hostname = school.hostname
    # What editors did before: custom settings, a published article with a newer draft,
    # and a section they had unpublished themselves.
    theme = ThemeSettings.objects.get(site=school.site)
    theme.primary_colour = "#8a1538"
    theme.save()
    # Provisioning granted the moderators the settings of their own site.
    assert GroupSitePermission.objects.filter(
        group=school.moderators_group,
        site=school.site,
        permission=Permission.objects.get(codename="change_themesettings"),
    ).exists()
    sections = {page.kind: page for page in SchoolSectionPage.objects.child_of(home)}
    intro = sections["introduction"]
    intro.intro = "Bản đã đăng"
    intro.save_revision().publish()
    intro.intro = "Bản nháp mới"
    intro.save_revision()
    qa = home.get_children().get(slug="hoi-dap")
    qa.unpublish()
    perms = permission_rows(school)
    pages_before = Page.objects.descendant_of(home, inclusive=True).count()
    live_before = set(
        Page.objects.descendant_of(home, inclusive=True).live().values_list("pk", flat=True)
    )
    assert all(perms)

    school_archive(school=school)
    school.refresh_from_db()
    assert school.status == School.Status.ARCHIVED
    assert school.site is None
    assert not Site.objects.filter(hostname=hostname).exists()
    assert not Page.objects.descendant_of(home, inclusive=True).live().exists()
    assert Page.objects.descendant_of(home, inclusive=True).count() == pages_before
    assert permission_rows(school) == (set(), set())
    assert Group.objects.filter(pk=school.editors_group_id).exists()
    assert PageLogEntry.objects.filter(page=home, action=ARCHIVE_ACTION).exists()
    # Not served any more, by host or by path; the other school is untouched.
    by_host = client.get("/", HTTP_HOST=hostname)
    assert by_host.status_code == 404 or by_host.context["page"].pk != home.pk
    assert client.get(f"/truong-hoc/{school.slug}/").status_code == 404
    assert client.get("/", HTTP_HOST=other.hostname).context["page"].pk == other.home_page_id
    with pytest.raises(ProvisioningError):
        school_archive(school=school)

    school_restore(school=school)
    school.refresh_from_db()
    assert school.status == School.Status.ACTIVE
    assert school.site.hostname == hostname
    assert ThemeSettings.objects.get(site=school.site).primary_colour == "#8a1538"
    assert NavigationSettings.objects.get(site=school.site).header_links
    assert OrganisationSettings.objects.get(site=school.site).name == school.name
    assert GroupSitePermission.objects.filter(site=school.site).exists()
    assert permission_rows(school) == perms
    live_after = set(
        Page.objects.descendant_of(home, inclusive=True).live().values_list("pk", flat=True)
    )
    assert live_after == live_before
    assert qa.pk not in live_after
    intro = SchoolSectionPage.objects.get(pk=intro.pk)
    assert intro.intro == "Bản đã đăng"  # the live version, not the draft
    assert intro.has_unpublished_changes
    assert intro.get_latest_revision_as_object().intro == "Bản nháp mới"
    by_host = client.get("/", HTTP_HOST=hostname)
    assert by_host.status_code == 200
    assert by_host.context["page"].pk == home.pk
    assert client.get(f"/truong-hoc/{school.slug}/").status_code == 200
    with pytest.raises(ProvisioningError):
        school_restore(school=school)


def test_archive_and_restore_from_the_admin(admin_client, two_schools):
    school = two_schools[0]
    archive = reverse("school_sites_admin:archive", args=[school.pk])
    assert admin_client.get(archive).status_code == 200
    response = admin_client.post(archive)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.status == School.Status.ARCHIVED
    response = admin_client.post(reverse("school_sites_admin:restore", args=[school.pk]))
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.status == School.Status.ACTIVE
    assert school.site is not None
    assert (
        admin_client.get(reverse("school_sites_admin:restore", args=[school.pk])).status_code == 405
    )


def test_import_updates_an_archived_school_without_a_site(two_schools):
    from sites.importing import schools_import

    school = two_schools[0]
    school_archive(school=school)
    level = school.levels.get()
    row = {
        "code": school.code,
        "name": "Tên mới",
        "levels": level.code,
        "type": school.school_type.code,
        "unit": school.administrative_unit.code,
        "phone": "0255 000 000",
    }
    report = schools_import(rows=[row])
    assert report.rows[0].status == "updated"
    school_restore(school=school)
    school.refresh_from_db()
    assert OrganisationSettings.objects.get(site=school.site).phone == "0255 000 000"
    assert school.site.site_name == "Tên mới"
