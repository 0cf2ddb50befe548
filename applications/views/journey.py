"""The applicant's journey on a case definition page (applications.definitions.CaseDefinition):
start → applicant → form pages → check answers → submit → confirmation with the receipt code.
State lives in the session until submission; files are checked and stored (privately) as they
are uploaded. `page` is always the definition; the routes are mounted by
applications.pages.CaseJourneyMixin."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applications import journeys, payments, receipts, services
from applications.models import Application, Attachment
from applications.views.rendering import render_on
from portal.ratelimit import RateLimit, request_within_rate_limit

SESSION_KEY = journeys.SESSION_KEY
DONE_KEY = journeys.DONE_KEY


def journey_step_rate():
    """Answers posted to journey pages per client address (SERVICES_JOURNEY_STEP_LIMIT per
    SERVICES_JOURNEY_STEP_WINDOW seconds), counted by the shared limiter."""
    return RateLimit(
        limit=settings.SERVICES_JOURNEY_STEP_LIMIT, window=settings.SERVICES_JOURNEY_STEP_WINDOW
    )


def _require_here(page):
    if not page.accepts_applications:
        raise Http404


def start(request, page):
    _require_here(page)
    return render_on(
        request,
        page,
        "journey_start.html",
        {
            "step_count": page.journey_page_count(),
            "fee_display": payments.format_vnd(page.fee_amount),
            "payment_available": payments.payment_available(),
        },
    )


def _form_or_404(page, number, state, data=None, files=None, earlier=None):
    form = journeys.form_for(page, number, state, data, files, earlier=earlier)
    if form is None:
        raise Http404
    return form


@never_cache
def step(request, page, number):
    _require_here(page)
    last = page.journey_page_count()
    if number > last or number < 1:
        raise Http404
    state = journeys.journey_state(request.session, page, create=True)
    from_check = request.GET.get("tu") == "kiem-tra"
    earlier = {}
    if page.journey_in_order and number > 1:
        # This page's questions depend on the answers before it (a school from the commune).
        earlier, missing = journeys.earlier_pages(page, state, number)
        if missing is not None:
            return HttpResponseRedirect(page.journey_url("step", step=str(missing)))
    if request.method == "POST" and not request_within_rate_limit(
        request, scope="services-journey-step", rate=journey_step_rate()
    ):
        # Nothing posted is kept; the page says why and to try again in a while.
        form = _form_or_404(page, number, state, earlier=earlier)
        return _render_step(
            request, page, state, form, number, last, from_check, status=429, throttled=True
        )
    if request.method == "POST":
        form = _form_or_404(page, number, state, request.POST, request.FILES, earlier)
        if form.is_valid():
            values = journeys.step_values(form, request.POST)
            problems = _store_files(request, form, state)
            if not problems and not journeys.state_fits(
                {**state, "steps": {**state["steps"], str(number): values}}
            ):
                form.add_error(None, _("These answers are too long. Please shorten them."))
                problems = True
            if not problems:
                state["steps"][str(number)] = values
                state["posted"] = sorted({*state.get("posted", []), number})
                journeys.journey_save(request.session, page, state)
                next_url = (
                    page.journey_url("check")
                    if from_check or number == last
                    else page.journey_url("step", step=str(number + 1))
                )
                return HttpResponseRedirect(next_url)
        status = 400
    else:
        stored = state["steps"].get(str(number))
        if stored and number in state.get("posted", [number]):
            form = _form_or_404(page, number, state, journeys.as_data(stored), earlier=earlier)
        else:
            # Not answered yet (or filled in for the applicant from data they are to check,
            # such as a pupil's pre-loaded record): shown filled in, without errors.
            form = _form_or_404(page, number, state, earlier=earlier)
            form.initial = journeys.as_initial(stored or {})
        status = 200
    return _render_step(request, page, state, form, number, last, from_check, status=status)


def _render_step(request, page, state, form, number, last, from_check, *, status, throttled=False):
    uploaded = journeys.uploaded_attachments(state)
    return render_on(
        request,
        page,
        "journey_step.html",
        {
            "form": form,
            "number": number,
            "step_count": last,
            "from_check": from_check,
            "throttled": throttled,
            "uploaded": {
                name: uploaded[pk] for name, pk in state["files"].items() if pk in uploaded
            },
        },
        status=status,
    )


def _store_files(request, form, state):
    """Keep each uploaded file of a valid step; a refused file becomes a field error."""
    problems = False
    for name, rule in form.file_rules().items():
        upload = form.cleaned_data.get(name)
        if not upload:
            continue
        try:
            attachment = services.attachment_store(
                upload=upload,
                kind=Attachment.Kind.APPLICANT,
                allowed=rule.kinds,
                max_mb=rule.max_mb,
                draft_token=state["token"],
                field_name=name,
                label=rule.label,
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


@never_cache
def check_answers(request, page):
    _require_here(page)
    state = journeys.journey_state(request.session, page)
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
    applicant, answers, bad_step, pages = journeys.collect_answers(page, state)
    if bad_step is not None:
        return HttpResponseRedirect(page.journey_url("step", step=str(bad_step)))
    form = page.journey_submit_form(
        request.POST or None,
        request.FILES or None,
        initial={"token": state["token"]},
        pages=pages,
        request=request,
    )
    if request.method == "POST" and form.is_valid():
        applicant = dict(applicant)
        applicant.pop("school", None)
        try:
            application, _created = services.application_submit(
                definition=page,
                school=page.journey_school(pages),
                submission_token=form.cleaned_data["token"],
                applicant=applicant,
                answers=answers,
                pages={**pages, "submit": form.cleaned_data},
            )
        except ValidationError as problem:  # a rule across pages, e.g. one per child
            form.add_error(None, problem)
        else:
            done[state["token"]] = application.code
            request.session[DONE_KEY] = done
            journeys.journey_end(request.session, page)
            return _to_confirmation(page, application.code)
    first = journeys.form_for(page, 1, state)
    return render_on(
        request,
        page,
        "journey_check.html",
        {
            "form": form,
            "applicant_heading": first.heading,
            "applicant_rows": journeys.applicant_rows(page, state),
            "answers": answers,
        },
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


@never_cache
def confirmation(request, page, code):
    application = _own_application(request, page, code)
    return render_on(
        request,
        page,
        "journey_confirmation.html",
        {"application": application, "payment": payments.payment_state(application=application)},
    )


@never_cache
def receipt(request, page, code):
    application = _own_application(request, page, code)
    return render_on(request, page, "receipt.html", {"application": application})


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
