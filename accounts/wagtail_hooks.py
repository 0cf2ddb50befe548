"""Admin: two-factor pages, the administrators' reset, the sign-in audit listing."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from accounts import policy, views
from accounts.models import SignInEvent
from accounts.services import RESET_ACTION
from accounts.viewsets import SignInAuditPolicy, SignInEventViewSet

app_name = "staff_accounts_admin"
urlpatterns = [
    path("", views.account, name="account"),
    path("ma-xac-thuc/", views.verify, name="verify"),
    path("thiet-lap/", views.enrol, name="enrol"),
    path("quan-ly/", views.users, name="users"),
    path("quan-ly/<int:pk>/dat-lai/", views.reset, name="reset"),
]

register_permission_policy(SignInEvent, SignInAuditPolicy(SignInEvent))


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("xac-thuc-hai-buoc/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_admin_viewset")
def register_sign_in_audit_viewset():
    return SignInEventViewSet("sign_in_audit")


class DepartmentAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.is_department_admin(request.user)


@hooks.register("register_settings_menu_item")
def register_two_factor_users_menu_item():
    return DepartmentAdminMenuItem(
        _("Two-factor sign-in"),
        reverse("staff_accounts_admin:users"),
        icon_name="lock",
        order=610,
    )


@hooks.register("register_account_menu_item")
def register_own_two_factor_menu_item(request):
    return {
        "url": reverse("staff_accounts_admin:account"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Set up your authenticator app or make new recovery codes."),
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        RESET_ACTION, _("Reset two-factor sign-in"), _("Two-factor sign-in reset")
    )


def _unverified_second_factor(request):
    """Where a signed-in user who owes the second factor must go first, or None: the
    password alone never opens what is restricted to signed-in users or groups."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    from accounts.services import user_has_two_factor

    if user_has_two_factor(user):
        target = "staff_accounts_admin:verify"
    elif policy.two_factor_required(user):
        target = "staff_accounts_admin:enrol"
    else:
        return None
    from django.shortcuts import redirect
    from django.utils.http import urlencode

    return redirect(f"{reverse(target)}?{urlencode({'next': reverse('wagtailadmin_home')})}")


def _restricted_to_users(restrictions):
    return any(r.restriction_type in (r.LOGIN, r.GROUPS) for r in restrictions)


def _owes_second_factor(request):
    """Cheap first: anonymous visitors and verified sessions cost no query."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and not user.is_verified()


@hooks.register("before_serve_page")
def second_factor_for_restricted_pages(page, request, serve_args, serve_kwargs):
    if _owes_second_factor(request) and _restricted_to_users(page.get_view_restrictions()):
        return _unverified_second_factor(request)
    return None


@hooks.register("before_serve_document")
def second_factor_for_restricted_documents(document, request):
    if _owes_second_factor(request) and _restricted_to_users(
        document.collection.get_view_restrictions()
    ):
        return _unverified_second_factor(request)
    return None
