"""Wagtail hooks: provisioning (the "Schools" admin menu for department administrators)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.provisioning import ARCHIVE_ACTION, RESTORE_ACTION
from sites.views import provisioning as views

app_name = "school_sites_admin"
urlpatterns = [
    path("", views.school_index, name="index"),
    path("create/", views.school_create, name="create"),
    path("import/", views.school_import, name="import"),
    path("<int:pk>/archive/", views.school_archive_view, name="archive"),
    path("<int:pk>/restore/", views.school_restore_view, name="restore"),
]


@hooks.register("register_admin_urls")
def register_provisioning_urls():
    return [path("schools/", include((urlpatterns, app_name), namespace=app_name))]


class ProvisioningMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_can_provision(request.user)


@hooks.register("register_admin_menu_item")
def register_schools_menu_item():
    return ProvisioningMenuItem(
        _("Schools"),
        reverse("school_sites_admin:index"),
        name="school-provisioning",
        icon_name="site",
        order=250,
    )


@hooks.register("register_log_actions")
def register_archive_log_actions(actions):
    actions.register_action(ARCHIVE_ACTION, _("Archive school"), _("School archived"))
    actions.register_action(RESTORE_ACTION, _("Restore school"), _("School restored"))
