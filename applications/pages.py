"""The engine's public views, mounted on a client's pages as Wagtail routes.

A client's definition page inherits ``CaseJourneyMixin`` (the applicant's journey on that page:
start, form steps, check your answers, confirmation, payment, receipt), and the page that
hosts the tracking form inherits ``TrackingRoutesMixin`` (look-up, detail, supplement,
downloads, payment from the tracking page, the payment gateway's return). The addresses are the
same for every kind of case; the views are in ``applications.views``.
"""

from __future__ import annotations

from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path


class CaseJourneyMixin(RoutablePageMixin):
    """Routes of the applicant's journey on a case definition page (CaseDefinition), and the
    journey's default shape: page 1 is the applicant (applications.forms.ApplicantForm), the
    definition's FormField rows make the pages after it, the check page asks for consent. A
    client with typed questions of its own overrides the journey_* members."""

    #: Whether a page needs the pages before it to be valid first (its questions depend on
    #: earlier answers); the journey then sends the applicant back to the first missing one.
    journey_in_order = False
    #: A template fragment shown on the tracking page of this definition's cases, or "".
    tracking_template = ""
    #: A template fragment shown above each journey page's form (with `number`), or "".
    journey_step_notice_template = ""

    def journey_page_count(self) -> int:
        from applications.journeys import steps_of

        return 1 + len(steps_of(self))

    def journey_form(self, number, *, data=None, files=None, uploaded=(), earlier=None):
        from applications.forms import ApplicantForm, StepForm
        from applications.journeys import steps_of

        if number == 1:
            return ApplicantForm(data, choose_school=self.goes_to_school)
        questions = steps_of(self).get(number)
        if questions is None:
            return None
        return StepForm(data, files, definitions=questions, uploaded=uploaded)

    def journey_submit_form(self, data=None, files=None, *, initial, pages, request=None):
        from applications.forms import SubmitForm

        return SubmitForm(data, initial=initial)

    def journey_school(self, pages) -> object | None:
        """The school the application goes to, from the journey's cleaned pages."""
        return pages.get(1, {}).get("school")

    def case_submitted(self, *, application, pages) -> None:
        """Called in the submission's transaction once the application exists."""

    def case_status_changed(self, *, application, event) -> None:
        """Called in the transaction of each status change, after the move."""

    def journey_url(self, name: str, **kwargs: str) -> str:
        """The URL of the journey route `name` on this page (see CaseDefinition)."""
        return self.url + self.reverse_subpage(name, kwargs=kwargs or None)

    @path("nop-truc-tuyen/", name="start")
    def start(self, request):
        from applications.views import journey

        return journey.start(request, self)

    @re_path(r"^nop-truc-tuyen/buoc-(?P<step>\d{1,2})/$", name="step")
    def step(self, request, step):
        from applications.views import journey

        return journey.step(request, self, int(step))

    @path("nop-truc-tuyen/kiem-tra/", name="check")
    def check_answers(self, request):
        from applications.views import journey

        return journey.check_answers(request, self)

    @path("nop-truc-tuyen/da-nop/<str:code>/", name="confirmation")
    def confirmation(self, request, code):
        from applications.views import journey

        return journey.confirmation(request, self, code)

    @path("nop-truc-tuyen/da-nop/<str:code>/thanh-toan/", name="pay")
    def pay(self, request, code):
        from applications.views import payment

        return payment.start_submitted(request, self, code)

    @path("nop-truc-tuyen/da-nop/<str:code>/bien-nhan/", name="receipt")
    def receipt(self, request, code):
        from applications.views import journey

        return journey.receipt(request, self, code)

    @path("nop-truc-tuyen/da-nop/<str:code>/bien-nhan/pdf/", name="receipt_pdf")
    def receipt_pdf(self, request, code):
        from applications.views import journey

        return journey.receipt_pdf(request, self, code)


class TrackingRoutesMixin(RoutablePageMixin):
    """Routes of the tracking form and what follows it, on the page a client chooses."""

    def tracking_route(self, name: str) -> str:
        return self.url + self.reverse_subpage(name)

    def get_tracking_url(self, request=None) -> str | None:
        """The full address of the tracking form (receipts, e-mails, SMS); None if the page
        is not on a site."""
        url = self.get_full_url(request)
        return url + self.reverse_subpage("track") if url else None

    @path("tra-cuu/", name="track")
    def track(self, request):
        from applications.views import tracking

        return tracking.lookup(request, self)

    @path("tra-cuu/ho-so/", name="tracked")
    def tracked(self, request):
        from applications.views import tracking

        return tracking.detail(request, self)

    @path("tra-cuu/ho-so/bo-sung/", name="supplement")
    def supplement(self, request):
        from applications.views import tracking

        return tracking.supplement(request, self)

    @path("tra-cuu/ho-so/tep/<int:attachment_id>/", name="tracked_file")
    def tracked_file(self, request, attachment_id):
        from applications.views import tracking

        return tracking.download(request, self, attachment_id)

    @path("tra-cuu/ho-so/thanh-toan/", name="tracked_pay")
    def tracked_pay(self, request):
        from applications.views import payment

        return payment.start_tracked(request, self)

    @path("thanh-toan/ket-qua/", name="payment_return")
    def payment_return(self, request):
        from applications.views import payment

        return payment.gateway_return(request, self)
