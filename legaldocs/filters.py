"""The document library's GET filter form: works without JavaScript, a bad value is a 400."""

from django import forms
from django.utils.translation import gettext_lazy as _

from legaldocs.models import DocumentArea, DocumentType, IssuingBody
from legaldocs.selectors import library_filter_options, library_years
from legaldocs.status import Status


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number or subject"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All types"),
    )
    issuer = forms.ModelChoiceField(
        label=_("Issuing body"),
        queryset=IssuingBody.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All issuing bodies"),
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=DocumentArea.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All fields"),
    )
    year = forms.TypedChoiceField(
        label=_("Year issued"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Validity status"), required=False)

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        options = library_filter_options(library=library)
        self.fields["type"].queryset = options["document_type"]
        self.fields["issuer"].queryset = options["issuer"]
        self.fields["field"].queryset = options["area"]
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, year) for year in library_years(library=library)
        ]
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]

    def filters(self):
        """The chosen filters as keyword arguments of `library_documents` (after is_valid)."""
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "document_type": data.get("type"),
            "issuer": data.get("issuer"),
            "area": data.get("field"),
            "year": data.get("year"),
            "status": data.get("status") or None,
        }
