"""The applicant's journey on a case definition page (applications.definitions.CaseDefinition):
start → applicant → form pages → check answers → submit → confirmation with the receipt code.
State lives in the session until submission; files are checked and stored (privately) as they
are uploaded. `page` is always the definition; the routes are mounted by
applications.pages.CaseJourneyMixin."""

import uuid

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from applications import payments, receipts, services
from applications.fields import FieldType
from applications.forms import ApplicantForm, StepForm, SubmitForm
from applications.models import Application, Attachment

SESSION_KEY = "services_journeys"
DONE_KEY = "services_submitted"  # submission token → receipt code


def _definitions(page):
    definitions = list(page.case_form_fields())
    steps = sorted({d.step for d in definitions})
    # Journey page 1 is the applicant; the definition's own pages follow.
    return {
        number + 2: [d for d in definitions if d.step == step] for number, step in enumerate(steps)
    }


def _state(request, page, create=False):
    journeys = request.session.get(SESSION_KEY, {})
    state = journeys.get(str(page.pk))
    if state is None and create:
        state = {"token": str(uuid.uuid4()), "steps": {}, "files": {}}
        journeys[str(page.pk)] = state
        request.session[SESSION_KEY] = journeys
    return state


def _save(request, page, state):
    journeys = request.session.get(SESSION_KEY, {})
    journeys[str(page.pk)] = state
    request.session[SESSION_KEY] = journeys


def _require_here(page):
    if not page.accepts_applications:
        raise Http404


def _render(request, page, template, context, status=200):
    response = TemplateResponse(
        request,
        f"applications/{template}",
        {"page": page, "self": page, **context},
        status=status,
    )
    return response


def start(request, page):
    _require_here(page)
    steps = _definitions(page)
    return _render(
        request,
        page,
        "journey_start.html",
        {
            "step_count": len(steps) + 1,
            "fee_display": payments.format_vnd(page.fee_amount),
            "payment_available": payments.payment_available(),
        },
    )


def _uploaded(state):
    ids = list(state["files"].values())
    return {a.pk: a for a in Attachment.objects.filter(pk__in=ids, draft_token=state["token"])}


def _form_for(page, number, state, data=None, files=None):
    if number == 1:
        return ApplicantForm(data, choose_school=page.goes_to_school)
    definitions = _definitions(page).get(number)
    if definitions is None:
        raise Http404
    return StepForm(data, files, definitions=definitions, uploaded=state["files"])


def step(request, page, number):
    _require_here(page)
    steps = _definitions(page)
    last = max(steps, default=1)
    if number > last:
        raise Http404
    state = _state(request, page, create=True)
    from_check = request.GET.get("tu") == "kiem-tra"
    if request.method == "POST":
        form = _form_for(page, number, state, request.POST, request.FILES)
        if form.is_valid():
            raw = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            problems = _store_files(request, form, state) if number > 1 else False
            if not problems:
                state["steps"][str(number)] = raw
                _save(request, page, state)
                next_url = (
                    page.journey_url("check")
                    if from_check or number == last
                    else page.journey_url("step", step=str(number + 1))
                )
                return HttpResponseRedirect(next_url)
        status = 400
    else:
        stored = state["steps"].get(str(number))
        form = _form_for(page, number, state, _as_data(stored) if stored else None)
        status = 200
    uploaded = _uploaded(state)
    return _render(
        request,
        page,
        "journey_step.html",
        {
            "form": form,
            "number": number,
            "step_count": last,
            "from_check": from_check,
            "uploaded": {
                name: uploaded[pk] for name, pk in state["files"].items() if pk in uploaded
            },
        },
        status=status,
    )


def _as_data(stored):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, values)
    return data


def _store_files(request, form, state):
    """Keep each uploaded file of a valid step; a refused file becomes a field error."""
    problems = False
    for name, definition in form.definitions.items():
        upload = form.cleaned_data.get(name)
        if definition.field_type != FieldType.FILE or not upload:
            continue
        try:
            attachment = services.attachment_store(
                upload=upload,
                kind=Attachment.Kind.APPLICANT,
                allowed=definition.kind_list(),
                max_mb=definition.max_size_mb,
                draft_token=state["token"],
                field_name=name,
                label=definition.label,
            )
        except services.ValidationError as error:
            form.add_error(name, error)
            problems = True
            continue
        previous = state["files"].get(name)
        replaced = Attachment.objects.filter(pk=previous, draft_token=state["token"]).first()
        if replaced is not None:  # a new file for the same field: the old one goes
            services.attachment_discard(attachment=replaced)
        state["files"][name] = attachment.pk
    return problems


def _collect(page, state):
    """Validate every page again from the session: (applicant, answers, first bad page)."""
    applicant_form = _form_for(page, 1, state, _as_data(state["steps"].get("1", {})))
    if not applicant_form.is_valid():
        return None, None, 1
    uploaded = _uploaded(state)
    answers = []
    for number, definitions in _definitions(page).items():
        form = _form_for(page, number, state, _as_data(state["steps"].get(str(number), {})))
        if not form.is_valid():
            return None, None, number
        for definition in definitions:
            value = form.cleaned_data.get(definition.name)
            if definition.field_type == FieldType.FILE:
                attachment = uploaded.get(state["files"].get(definition.name))
                display = attachment.original_name if attachment else ""
            elif definition.field_type == FieldType.ADDRESS:
                display = value["display"] if value else ""
            elif definition.field_type == FieldType.DATE:
                display = value.strftime("%d/%m/%Y") if value else ""
            elif definition.field_type == FieldType.CONSENT:
                display = _("Yes") if value else _("No")
            else:
                display = value or ""
            answers.append(
                {
                    "name": definition.name,
                    "label": definition.label,
                    "type": definition.field_type,
                    "value": display,
                    "step": number,
                }
            )
    return applicant_form.cleaned_data, answers, None


def check_answers(request, page):
    _require_here(page)
    state = _state(request, page)
    done = request.session.get(DONE_KEY, {})
    if request.method == "POST":
        posted = str(request.POST.get("token", ""))
        if posted in done:  # a double click, a re-posted form, a retry
            return _to_confirmation(page, done[posted])
        if state is None or posted != state["token"]:
            return HttpResponseBadRequest(
                _("This application form has expired. Please start again from the procedure page.")
            )
    if state is None:
        return HttpResponseRedirect(page.journey_url("start"))
    applicant, answers, bad_step = _collect(page, state)
    if bad_step is not None:
        return HttpResponseRedirect(page.journey_url("step", step=str(bad_step)))
    form = SubmitForm(request.POST or None, initial={"token": state["token"]})
    if request.method == "POST" and form.is_valid():
        application, _created = services.application_submit(
            definition=page,
            school=applicant.pop("school", None),
            submission_token=form.cleaned_data["token"],
            applicant=applicant,
            answers=answers,
        )
        done[state["token"]] = application.code
        request.session[DONE_KEY] = done
        journeys = request.session.get(SESSION_KEY, {})
        journeys.pop(str(page.pk), None)
        request.session[SESSION_KEY] = journeys
        return _to_confirmation(page, application.code)
    return _render(
        request,
        page,
        "journey_check.html",
        {"form": form, "applicant": applicant, "answers": answers},
        status=400 if request.method == "POST" else 200,
    )


def _to_confirmation(page, code):
    return HttpResponseRedirect(page.journey_url("confirmation", code=code))


def _own_application(request, page, code):
    if code not in request.session.get(DONE_KEY, {}).values():
        raise Http404
    try:
        return Application.objects.get(code=code, definition=page)
    except Application.DoesNotExist:
        raise Http404 from None


def confirmation(request, page, code):
    application = _own_application(request, page, code)
    return _render(
        request,
        page,
        "journey_confirmation.html",
        {"application": application, "payment": payments.payment_state(application=application)},
    )


def receipt(request, page, code):
    application = _own_application(request, page, code)
    return _render(request, page, "receipt.html", {"application": application})


def receipt_pdf(request, page, code):
    application = _own_application(request, page, code)
    tracking_url = page.tracking_page().get_tracking_url(request) or ""
    response = HttpResponse(
        receipts.receipt_pdf(application, tracking_url=tracking_url),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-nhan-{application.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
