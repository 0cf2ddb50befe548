"""The applicant's journey as data: its steps, its state in the session, and the answers
collected from it. The views (applications/views/journey.py) parse requests, call these and
render; `definition` is always a CaseDefinition (applications/definitions.py).

What the session keeps of a step is only the values of that step's own fields (a POST with
other keys stores nothing more), and a journey's state is at most STATE_MAX_BYTES.
"""

import json
import uuid

from django.http import QueryDict
from django.utils.translation import gettext as _

from applications.fields import FieldType
from applications.forms import ApplicantForm, StepForm
from applications.models import Attachment

SESSION_KEY = "services_journeys"  # the names sessions in flight were stored under
DONE_KEY = "services_submitted"  # submission token → receipt code
STATE_MAX_BYTES = 64 * 1024


def steps_of(definition) -> dict[int, list]:
    """{journey page number: its questions}; page 1 is the applicant, the definition's own
    pages follow in step order."""
    questions = list(definition.case_form_fields())
    steps = sorted({q.step for q in questions})
    return {
        number + 2: [q for q in questions if q.step == step] for number, step in enumerate(steps)
    }


def journey_state(session, definition, *, create=False) -> dict | None:
    journeys = session.get(SESSION_KEY, {})
    state = journeys.get(str(definition.pk))
    if state is None and create:
        state = {"token": str(uuid.uuid4()), "steps": {}, "files": {}}
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


def form_for(definition, number, state, data=None, files=None) -> ApplicantForm | StepForm | None:
    """The form of journey page `number`, or None when the definition has no such page."""
    if number == 1:
        return ApplicantForm(data, choose_school=definition.goes_to_school)
    questions = steps_of(definition).get(number)
    if questions is None:
        return None
    return StepForm(data, files, definitions=questions, uploaded=state["files"])


def as_data(stored) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, values)
    return data


def _display(question, value, uploaded, state):
    if question.field_type == FieldType.FILE:
        attachment = uploaded.get(state["files"].get(question.name))
        return attachment.original_name if attachment else ""
    if question.field_type == FieldType.ADDRESS:
        return value["display"] if value else ""
    if question.field_type == FieldType.DATE:
        return value.strftime("%d/%m/%Y") if value else ""
    if question.field_type == FieldType.CONSENT:
        return _("Yes") if value else _("No")
    return value or ""


def collect_answers(definition, state) -> tuple[dict | None, list | None, int | None]:
    """Validate every page again from the session: (applicant, answers, first bad page).
    The answers are what the application stores: each question's label and displayed value,
    as the applicant saw them."""
    applicant_form = form_for(definition, 1, state, as_data(state["steps"].get("1", {})))
    if not applicant_form.is_valid():
        return None, None, 1
    uploaded = uploaded_attachments(state)
    answers = []
    for number, questions in steps_of(definition).items():
        form = form_for(definition, number, state, as_data(state["steps"].get(str(number), {})))
        if not form.is_valid():
            return None, None, number
        for question in questions:
            answers.append(
                {
                    "name": question.name,
                    "label": question.label,
                    "type": question.field_type,
                    "value": _display(
                        question, form.cleaned_data.get(question.name), uploaded, state
                    ),
                    "step": number,
                }
            )
    return applicant_form.cleaned_data, answers, None
