"""The case-definition protocol: everything the engine knows about a kind of case.

An application (``applications.models.Application``) points to its *definition*: the Wagtail
page the applicant applied on, which says how a case of its kind is handled. The engine reads
a definition only through the attributes and methods of ``CaseDefinition`` below; it never
reaches into a client's own fields. Clients (``procedures``, ``admissions``) implement it on
their page models and register a ``CaseClient`` for what needs a query across definitions
(staff scope, filter choices). The engine imports no client. docs/architecture.md tells how to
add a third kind of case.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.db.models import Q, QuerySet
    from django.forms import Form

    from applications.forms import JourneyForm
    from applications.models import Application
    from applications.pages import TrackingRoutesMixin
    from sites.models import School


@runtime_checkable
class FormField(Protocol):
    """One question of a definition's online form (the journey's pages after the applicant's)."""

    step: int
    """Questions with the same step share a page of the journey, in step order."""
    name: str
    """The key of the answer in ``Application.answers``; stable once applications exist."""
    label: str
    field_type: str
    """One of ``applications.fields.FieldType``."""
    required: bool
    help_text: str
    max_size_mb: int
    """For a file upload: the largest file accepted, in megabytes."""

    def choice_list(self) -> list[str]:
        """For a choice: the options, in order."""

    def kind_list(self) -> list[str]:
        """For a file upload: the accepted ``applications.fields.FileKind`` values."""


@runtime_checkable
class CaseDefinition(Protocol):
    """How cases of one kind are handled. Implemented by a Wagtail page model (``pk`` and
    ``title`` are the page's); every attribute is read at the moment the engine needs it, so
    an edit of the definition applies to the cases still open (deadlines already set stay)."""

    pk: int
    title: str
    """Shown as the case's name in the back office, statistics, receipts and messages."""

    @property
    def accepts_applications(self) -> bool:
        """Whether the journey is open on this definition (otherwise its views answer 404)."""

    @property
    def case_reference(self) -> str:
        """A short public reference of the kind of case (a procedure's national code), or ""."""

    @property
    def handled_by(self) -> str:
        """Who decides, as the receipt names it, when the case does not go to a school."""

    time_limit_days: int
    """The legal handling time in working days from the day the clock starts (0: same day)."""
    fee_amount: int
    """The fee in VND paid online before the clock starts; 0 for none."""
    consent_text: str
    """What the applicant agrees to about their personal data, stored with the application."""
    consent_version: str
    retention_days: int
    """Days after the case closes before its personal data is purged (applications.retention)."""

    @property
    def goes_to_school(self) -> bool:
        """Whether the applicant chooses a school, whose staff then process the case."""

    journey_start_template: str
    """A template fragment with what the applicant should know before starting (the record
    of the case, documents needed, the fee notice), rendered on the journey's start page with
    ``page`` (the definition) and ``step_count``."""

    def case_form_fields(self) -> Sequence[FormField]:
        """The questions of the online form, in order (step, then position)."""

    # The journey's shape. ``applications.pages.CaseJourneyMixin`` gives the default (the
    # applicant, then one page per step of case_form_fields()); a client with typed questions
    # of its own (admissions) overrides these.
    journey_in_order: bool
    """Whether each page needs the pages before it valid first (later questions depend on
    earlier answers)."""
    tracking_template: str
    """A template fragment shown on the tracking page of a case of this kind ("" for none),
    rendered with ``application`` and ``page`` (the tracking page)."""

    journey_step_notice_template: str
    """A template fragment shown above each journey page's form, rendered with ``page`` and
    ``number`` ("" for none)."""

    def journey_page_count(self) -> int:
        """How many pages the journey has, the applicant's page included."""

    def journey_form(
        self, number: int, *, data=None, files=None, uploaded=(), earlier=None
    ) -> JourneyForm | None:
        """Journey page `number` as an ``applications.forms.JourneyForm`` (None if there is
        no such page). Page 1 cleans to the applicant (name, birth_date, phone, email,
        personal_id, and school when the case goes to a school). `earlier` holds the cleaned
        data of the pages before it; `uploaded` the names of file questions already answered."""

    def journey_submit_form(
        self, data=None, files=None, *, initial: dict, pages: dict, request=None
    ) -> Form:
        """The check page's form: the journey's token (a hidden ``token`` field) and the
        consent asked before submitting (``request`` tells who submits: a family, or an
        officer registering on its behalf)."""

    def journey_school(self, pages: dict) -> School | None:
        """The school the application goes to (when ``goes_to_school``), from the cleaned
        pages; by default page 1's ``school``."""

    def case_submitted(self, *, application: Application, pages: dict) -> None:
        """Called in the submission's transaction once the application exists, with
        {page number: cleaned data, "submit": the submit form's}: a client writes its typed
        rows here. A ValidationError undoes the submission and is shown on the check page."""

    def case_status_changed(self, *, application: Application, event) -> None:
        """Called in the transaction of each status change (``event`` is the transition's
        ``ApplicationEvent``), after the move: a client keeps its own rows in step."""

    def journey_url(self, name: str, **kwargs: str) -> str:
        """The URL of one of the journey's views on this definition: "start", "step"
        (kwargs: step), "check", "confirmation", "pay", "receipt" (kwargs: code).
        ``applications.pages.CaseJourneyMixin`` mounts the views and provides this."""

    def tracking_page(self) -> TrackingRoutesMixin:
        """The page that hosts the tracking form for this definition's cases (a page with
        ``applications.pages.TrackingRoutesMixin``): the receipt, e-mails and SMS point to it,
        and the payment gateway returns to it."""


class CaseClient(ABC):
    """A kind of case, registered once by its app in ``AppConfig.ready`` (``register``).

    The engine asks its clients what needs a query across definitions; a definition itself
    answers the rest (``CaseDefinition``). Every method is given the user's processing scope
    as the engine has it (``applications.permissions.ProcessingScope``) where it matters.
    """

    #: The page model that implements ``CaseDefinition`` for this kind of case.
    definition_model: type

    @abstractmethod
    def definitions_processed_by(self, user) -> frozenset[int]:
        """The ids of the definitions whose cases ``user`` processes because of their office
        (a department division in charge of a field), wherever the cases go. One query."""

    @abstractmethod
    def definitions_for_filter(self, *, user, scope) -> QuerySet:
        """The definitions ``user`` may filter the queue and statistics by: those of their
        office, and, for a school's staff, those that go to schools."""

    @abstractmethod
    def processors_of(self, definition) -> Q:
        """A condition on users: those who process this definition's cases by office."""

    def cases_naming_schools(self, school_ids) -> Q | None:
        """A condition on applications of this kind that schools' staff see besides those
        that go to their school (a grade-10 registration naming the school as a later
        choice), or None."""
        return None

    def find_for_tracking(self, *, reference: str, birth_date) -> Application | None:
        """An application of this kind found by another reference than its receipt code
        (a pupil's student code) with the applicant's date of birth, or None."""
        return None

    def case_names_school(self, application, school_ids) -> bool:
        """Whether `application` (of this kind) names one of `school_ids` that way."""
        return False


_clients: list[CaseClient] = []


def register(client: CaseClient) -> None:
    """Make a kind of case known to the engine (idempotent per definition model)."""
    if not any(c.definition_model is client.definition_model for c in _clients):
        _clients.append(client)


def clients() -> list[CaseClient]:
    return list(_clients)


def client_for(definition) -> CaseClient | None:
    for client in _clients:
        if isinstance(definition, client.definition_model):
            return client
    return None


def definition_of(application: Application) -> CaseDefinition:
    """The application's definition as its own page class (one query, then cached on the
    application; ``select_related("definition")`` saves the base row's)."""
    return application.definition.specific
