"""The admin form of a plan: a school's staff choose only their own school."""

from wagtail.admin.forms import WagtailAdminModelForm

from admissions.models import AdmissionRoundPage
from sites.permissions import schools_for_user, user_is_school_scoped


class AdmissionPlanForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["round"].queryset = AdmissionRoundPage.objects.order_by("-school_year", "grade")
        if user is not None and user_is_school_scoped(user):
            self.fields["school"].queryset = schools_for_user(user)
        catchment = self.fields.get("catchment")
        if catchment is not None:
            from sites.models import AdministrativeUnit

            catchment.queryset = AdministrativeUnit.objects.filter(children__isnull=True)
