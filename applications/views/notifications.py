"""The back office's view of applicant notifications: resend one, list the failed ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from applications import notifications, permissions
from applications.models import Notification
from applications.views.admin import PER_PAGE, _application, _ensure_back_office


@require_POST
def resend(request, pk, notification_id):
    application = _application(request, pk)  # 404 unless the user processes it
    notification = get_object_or_404(application.notifications, pk=notification_id)
    try:
        notifications.notification_resend(notification=notification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        log(
            instance=application,
            action="services.notification_resend",
            user=request.user,
            data={"notification": notification.pk, "channel": notification.channel},
        )
        messages.success(request, _("The notification will be sent again."))
    return redirect("applications_admin:detail", pk=pk)


def failed(request):
    """Notifications that failed or were given up, in the applications the user processes."""
    _ensure_back_office(request)
    rows = (
        Notification.objects.filter(
            status__in=[Notification.Status.FAILED, Notification.Status.GAVE_UP],
            application__in=permissions.applications_for_user(request.user),
        )
        .select_related("application__definition", "event")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "applications/admin/notifications.html", {"notifications": page}
    )
