"""The sign-in audit in the admin: a read-only listing for department administrators, filtered
by account, event and date, exportable as a spreadsheet."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts import policy
from accounts.models import SignInEvent


class SignInAuditPolicy(ModelPermissionPolicy):
    """Nobody adds, changes or deletes audit rows through the admin (retention purges them);
    department administrators (and holders of the view permission) read them."""

    def user_has_permission(self, user, action):
        return action == "view" and policy.can_view_sign_in_audit(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(actions)


class SignInEventFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=SignInEvent.Kind.choices)
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    address = django_filters.CharFilter(label=_("Address"), method="filter_address")

    def filter_address(self, queryset, name, value):
        from accounts.services import _address

        address = _address(value)
        return queryset.filter(address=address) if address else queryset.none()

    class Meta:
        model = SignInEvent
        fields = ["username", "kind", "timestamp", "address"]


class SignInEventViewSet(ModelViewSet):
    model = SignInEvent
    icon = "key"
    menu_label = _("Sign-in audit")
    add_to_settings_menu = True
    url_prefix = "nhat-ky-dang-nhap"
    list_display = ["timestamp", "kind", "username", "address", "detail"]
    list_export = ["timestamp", "kind", "username", "address", "detail"]
    export_filename = "nhat-ky-dang-nhap"
    filterset_class = SignInEventFilterSet
    search_fields = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["kind"]  # never offered: the policy refuses add and change to everyone

    def get_queryset(self, request):
        return SignInEvent.objects.select_related("user")
