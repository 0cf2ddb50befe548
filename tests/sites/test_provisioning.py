"""Provisioning creates everything a school site needs, in one transaction."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupPagePermission, Site, WorkflowPage

from portal.models import ContactPage, NavigationSettings, NewsIndexPage, OrganisationSettings
from sites import factories
from sites.models import School, SchoolSectionPage
from sites.provisioning import ProvisioningError
from sites.sections import REQUIRED_SECTIONS
from themes.models import ThemeSettings


def test_provisioning_builds_the_whole_school(school_directory, settings):
    settings.PORTAL_DOMAIN = "sogd.example.edu.vn"
    school = factories.provision_school("Trường Tiểu học Nghĩa Lộ", "51000101")
    home = school.home_page.specific
    assert home.get_parent().pk == school_directory.pk
    assert home.live
    kinds = set(SchoolSectionPage.objects.child_of(home).values_list("kind", flat=True))
    expected = {s.kind for s in REQUIRED_SECTIONS if s.page_type.endswith("SchoolSectionPage")}
    assert kinds == expected
    assert NewsIndexPage.objects.child_of(home).count() == 1
    assert ContactPage.objects.child_of(home).get().form_fields.count() == 4
    assert school.site.hostname == "truong-tieu-hoc-nghia-lo.sogd.example.edu.vn"
    assert school.site.root_page_id == home.pk
    assert school.collection.get_parent().pk == Collection.get_first_root_node().pk
    assert GroupPagePermission.objects.filter(group=school.editors_group, page=home).count() == 2
    assert GroupPagePermission.objects.filter(
        group=school.moderators_group, page=home, permission__codename="publish_page"
    ).exists()
    assert not GroupPagePermission.objects.filter(
        group=school.editors_group, permission__codename="publish_page"
    ).exists()
    assert WorkflowPage.objects.get(page=home).workflow.active
    assert ThemeSettings.objects.get(site=school.site).theme == "default"
    assert OrganisationSettings.objects.get(site=school.site).name == "Trường Tiểu học Nghĩa Lộ"
    assert NavigationSettings.objects.get(site=school.site).header_links


def test_duplicate_code_is_refused_and_nothing_is_half_created(school_directory):
    factories.provision_school("Trường A", "51000101")
    counts = (Site.objects.count(), Group.objects.count(), School.objects.count())
    with pytest.raises(ProvisioningError):
        factories.provision_school("Trường B", "51000101")
    assert (Site.objects.count(), Group.objects.count(), School.objects.count()) == counts


def test_duplicate_slug_is_refused(school_directory):
    factories.provision_school("Trường A", "51000101", slug="truong-a")
    with pytest.raises(ProvisioningError):
        factories.provision_school("Trường A khác", "51000102", slug="truong-a")


def test_school_site_is_served_on_its_host_and_by_path(client, two_schools):
    school = two_schools[0]
    by_host = client.get("/", HTTP_HOST=school.hostname)
    assert by_host.status_code == 200
    assert school.name in by_host.content.decode()
    by_path = client.get(f"/truong-hoc/{school.slug}/")
    assert by_path.status_code == 200
    assert school.name in by_path.content.decode()
