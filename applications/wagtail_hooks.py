from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_back_office_urls():
    from applications.views import admin, notifications

    urls = [
        path("", admin.queue, name="queue"),
        path("<int:pk>/", admin.detail, name="detail"),
        path("<int:pk>/chuyen-trang-thai/", admin.transition, name="transition"),
        path("<int:pk>/phan-cong/", admin.assign, name="assign"),
        path("<int:pk>/ghi-chu/", admin.add_note, name="note"),
        path("<int:pk>/tep/<int:attachment_id>/", admin.download, name="download"),
        path(
            "<int:pk>/thong-bao/<int:notification_id>/gui-lai/",
            notifications.resend,
            name="notification_resend",
        ),
        path("thong-bao-loi/", notifications.failed, name="notifications_failed"),
        path("tep-cach-ly/", admin.quarantine, name="quarantine"),
    ]
    return [
        path(
            "ho-so-truc-tuyen/",
            include((urls, "applications_admin"), namespace="applications_admin"),
        )
    ]


class BackOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        from applications.permissions import can_use_back_office

        return can_use_back_office(request.user)


@hooks.register("register_admin_menu_item")
def register_back_office_menu_item():
    return BackOfficeMenuItem(
        _("Online applications"), reverse("applications_admin:queue"), icon_name="form", order=250
    )


@hooks.register("register_admin_menu_item")
def register_failed_notifications_menu_item():
    return BackOfficeMenuItem(
        _("Failed notifications"),
        reverse("applications_admin:notifications_failed"),
        icon_name="warning",
        order=252,
    )


class QuarantineMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_quarantine_menu_item():
    return QuarantineMenuItem(
        _("Quarantined uploads"), reverse("applications_admin:quarantine"), icon_name="warning"
    )


@hooks.register("register_admin_urls")
def register_statistics_urls():
    from applications.views import statistics

    return [path("thong-ke-ho-so/", statistics.index, name="applications_statistics")]


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    # Beside the back office, for the same people: figures on the applications they process.
    return BackOfficeMenuItem(
        _("Application statistics"),
        reverse("applications_statistics"),
        icon_name="table",
        order=251,
    )


@hooks.register("register_log_actions")
def register_services_log_actions(actions):
    actions.register_action(
        "services.view_personal_data",
        _("View personal data"),
        _("Viewed an application's personal data"),
    )
    actions.register_action(
        "services.export_personal_data",
        _("Export personal data"),
        _("Exported an application's personal data"),
    )
    actions.register_action(
        "services.transition", _("Change status"), _("Changed an application's status")
    )
    actions.register_action(
        "services.notification_resend",
        _("Resend a notification"),
        _("Asked to resend a notification to the applicant"),
    )
    actions.register_action(
        "services.purge_personal_data",
        _("Purge personal data"),
        _("Purged an application's personal data at the end of its retention period"),
    )
