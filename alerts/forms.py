from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from alerts.permissions import is_school_user, moderated_school_ids
from sites.models import School

DEPARTMENT_ONLY_FIELDS = ("levels", "units")


class AlertForm(WagtailAdminModelForm):
    """Department users write department alerts (with optional targets); a school's
    moderators write alerts of their own school only, with no targets."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "levels" in self.fields:
            self.fields["levels"].widget = forms.CheckboxSelectMultiple()
            self.fields["levels"].queryset = self.fields["levels"].queryset.all()
        self.school_user = for_user is not None and is_school_user(for_user)
        if self.school_user:
            for name in DEPARTMENT_ONLY_FIELDS:
                self.fields.pop(name, None)
            schools = School.objects.filter(pk__in=moderated_school_ids(for_user))
            field = self.fields["school"]
            field.queryset = schools
            field.required = True
            field.empty_label = None
            if self.instance.school_id is None and len(moderated_school_ids(for_user)) == 1:
                field.initial = next(iter(moderated_school_ids(for_user)))
        else:
            # Department alerts reach schools through levels and units; an existing school
            # alert keeps its school.
            self.fields.pop("school", None)
            if self.instance.school_id:
                for name in DEPARTMENT_ONLY_FIELDS:
                    self.fields.pop(name, None)

    def clean(self):
        cleaned = super().clean()
        starts_at, expires_at = cleaned.get("starts_at"), cleaned.get("expires_at")
        if starts_at and expires_at and expires_at <= starts_at:
            self.add_error("expires_at", _("The end must come after the start."))
        return cleaned
