"""GET filter forms of the school directory and of the "news from schools" listing.

They work without JavaScript: the query stays in the URL, and a bad value is reported
(HTTP 400) rather than crashing.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sites.models import AdministrativeUnit, School, SchoolLevel, SchoolType


def _units_with_schools():
    """Units that hold a school, directly or through a unit below them."""
    active = School.Status.ACTIVE
    return (
        AdministrativeUnit.objects.filter(
            Q(schools__status=active)
            | Q(children__schools__status=active)
            | Q(children__children__schools__status=active)
        )
        .distinct()
        .order_by("name")
    )


class SchoolFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All units"),
    )
    level = forms.ModelChoiceField(
        label=_("Level"),
        queryset=SchoolLevel.objects.all(),
        to_field_name="code",
        required=False,
        # "All levels" also names the online-service levels of the procedure catalogue.
        empty_label=pgettext_lazy("school levels", "All levels"),
    )
    school_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=SchoolType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All types"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_with_schools()

    def filters(self):
        """The chosen filters as keyword arguments for the selectors (call after is_valid)."""
        return {name: self.cleaned_data.get(name) for name in ("unit", "level", "school_type")}


class SchoolDirectoryForm(SchoolFilterForm):
    q = forms.CharField(
        label=_("School name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    field_order = ["q", "unit", "level", "school_type"]

    def filters(self):
        return {**super().filters(), "query": self.cleaned_data.get("q") or ""}


class SchoolNewsForm(SchoolFilterForm):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All schools"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (
            School.objects.active().filter(home_page__live=True).only("id", "name", "slug")
        )

    def filters(self):
        return {**super().filters(), "school": self.cleaned_data.get("school")}
