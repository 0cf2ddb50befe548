"""The public catalogue of procedures."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.listing import paginate_or_404
from procedures.models import HandlingBody, OnlineLevel, ProcedureField, ProcedurePage

PER_PAGE = 20


class CatalogueFilterForm(forms.Form):
    linh_vuc = forms.ModelChoiceField(
        queryset=ProcedureField.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Field"),
        empty_label=_("All fields"),
        error_messages={"invalid_choice": _("This field of procedures does not exist.")},
    )
    co_quan = forms.ModelChoiceField(
        queryset=HandlingBody.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Handling body"),
        empty_label=_("All handling bodies"),
        error_messages={"invalid_choice": _("This handling body does not exist.")},
    )
    muc_do = forms.ChoiceField(
        choices=[("", pgettext_lazy("online service level", "All levels")), *OnlineLevel.choices],
        required=False,
        label=_("Online level"),
        error_messages={"invalid_choice": _("This online level does not exist.")},
    )
    q = forms.CharField(
        required=False, max_length=100, label=pgettext_lazy("procedure", "Name or code")
    )


def procedures_in(catalogue):
    return (
        ProcedurePage.objects.child_of(catalogue)
        .live()
        .public()
        .select_related("procedure_field", "handling_body")
        .order_by("title")
    )


def catalogue(request, page):
    form = CatalogueFilterForm(request.GET or None)
    procedures = procedures_in(page)
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["linh_vuc"]:
            procedures = procedures.filter(procedure_field=data["linh_vuc"])
        if data["co_quan"]:
            procedures = procedures.filter(handling_body=data["co_quan"])
        if data["muc_do"]:
            procedures = procedures.filter(online_level=data["muc_do"])
        if data["q"]:
            term = data["q"].strip()
            procedures = procedures.filter(title__icontains=term) | procedures.filter(
                code__icontains=term
            )
    elif form.is_bound:
        status = 400
        procedures = procedures.none()
    listing = paginate_or_404(procedures, per_page=PER_PAGE, request=request)
    response = page.render(
        request,
        context_overrides={"filter_form": form, "procedures": listing},
    )
    response.status_code = status
    return response
