"""The applicant's journey as data: its steps, its state in the session, and the answers
collected from it. The views (applications/views/journey.py) parse requests, call these and
render; `definition` is always a CaseDefinition (applications/definitions.py).

What the session keeps of a step is only the values of that step's own fields (a POST with
other keys stores nothing more), and a journey's state is at most STATE_MAX_BYTES.
"""

import json
import uuid

from django.http import QueryDict

from applications.forms import JourneyForm
from applications.models import Attachment

SESSION_KEY = "services_journeys"  # the names sessions in flight were stored under
DONE_KEY = "services_submitted"  # submission token → receipt code
STATE_MAX_BYTES = 64 * 1024


def steps_of(definition) -> dict[int, list]:
    """{journey page number: its questions}; page 1 is the applicant, the definition's own
    pages follow in step order. For definitions whose pages are built from FormField rows
    (the default of applications.pages.CaseJourneyMixin)."""
    questions = list(definition.case_form_fields())
    steps = sorted({q.step for q in questions})
    return {
        number + 2: [q for q in questions if q.step == step] for number, step in enumerate(steps)
    }


def journey_state(session, definition, *, create=False) -> dict | None:
    journeys = session.get(SESSION_KEY, {})
    state = journeys.get(str(definition.pk))
    if state is None and create:
        state = {"token": str(uuid.uuid4()), "steps": {}, "files": {}, "posted": []}
        journeys[str(definition.pk)] = state
        session[SESSION_KEY] = journeys
    return state


def journey_save(session, definition, state) -> None:
    journeys = session.get(SESSION_KEY, {})
    journeys[str(definition.pk)] = state
    session[SESSION_KEY] = journeys


def journey_end(session, definition) -> None:
    journeys = session.get(SESSION_KEY, {})
    journeys.pop(str(definition.pk), None)
    session[SESSION_KEY] = journeys


def step_values(form, data) -> dict[str, list[str]]:
    """The posted values of the form's own fields (with their sub-widgets' keys)."""
    kept = {}
    for name in form.fields:
        html_name = form.add_prefix(name)
        for key in data:
            if key == html_name or key.startswith(f"{html_name}_"):
                kept[key] = data.getlist(key)
    return kept


def state_fits(state) -> bool:
    """Whether a journey's state is small enough to keep in the session."""
    return len(json.dumps(state, ensure_ascii=False).encode()) <= STATE_MAX_BYTES


def uploaded_attachments(state) -> dict:
    ids = list(state["files"].values())
    return {a.pk: a for a in Attachment.objects.filter(pk__in=ids, draft_token=state["token"])}


def form_for(definition, number, state, data=None, files=None, earlier=None) -> JourneyForm | None:
    """The form of journey page `number` (a JourneyForm), or None when the definition has
    no such page. `earlier` holds the cleaned data of the pages before it."""
    return definition.journey_form(
        number, data=data, files=files, uploaded=state["files"], earlier=earlier or {}
    )


def earlier_pages(definition, state, number) -> tuple[dict[int, dict], int | None]:
    """Validate the pages before `number` from the session: ({page: cleaned data}, the first
    page that is missing or no longer valid, or None)."""
    earlier = {}
    for before in range(1, number):
        stored = state["steps"].get(str(before))
        if stored is None:
            return earlier, before
        form = form_for(definition, before, state, as_data(stored), earlier=earlier)
        if form is None or not form.is_valid():
            return earlier, before
        earlier[before] = form.cleaned_data
    return earlier, None


def as_initial(stored) -> dict:
    """Stored values as a form's initial data (a single value unwrapped)."""
    return {key: values[0] if len(values) == 1 else values for key, values in stored.items()}


def as_data(stored) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, values)
    return data


def collect_answers(definition, state) -> tuple[dict | None, list | None, int | None, dict]:
    """Validate every page again from the session, in order: (applicant, answers, first bad
    page, {page: cleaned data}). The answers are what the application stores: each question's
    label and displayed value, as the applicant saw them (pages 2 onwards; page 1 is the
    applicant, stored in the application's own columns)."""
    uploaded = uploaded_attachments(state)
    earlier = {}
    answers = []
    for number in range(1, definition.journey_page_count() + 1):
        stored = as_data(state["steps"].get(str(number), {}))
        form = form_for(definition, number, state, stored, earlier=earlier)
        if form is None or not form.is_valid():
            return None, None, number, earlier
        earlier[number] = form.cleaned_data
        if number > 1:
            answers.extend(form.answer_rows(number, uploaded=uploaded, files=state["files"]))
    return earlier[1], answers, None, earlier


def applicant_rows(definition, state) -> list[dict]:
    """The applicant page's answers as the check page shows them."""
    form = form_for(definition, 1, state, as_data(state["steps"].get("1", {})))
    if form is None or not form.is_valid():
        return []
    return form.answer_rows(1, uploaded={}, files=state["files"])
