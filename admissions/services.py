"""Writes of admissions: registrations, changes of choices, results, confirmation, release.

Keyword-only functions, each one transaction. The engine (applications.services) owns the
application, its status and its history; these write the typed rows and record every change
a family or the portal makes as a visible event of the application.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions import selectors
from admissions.models import (
    AdmissionRoundPage,
    Outcome,
    Phase,
    Registration,
    RegistrationChoice,
    Track,
)
from applications import services as engine
from applications.models import Application, ApplicationEvent, Attachment
from applications.status import Actor, Status

DUPLICATE_MESSAGE = gettext_lazy(
    "A registration for this child already exists in this round at the same school. Look it "
    "up with the receipt code you were given, or contact the school."
)


def _event(application, *, note, actor=Actor.APPLICANT, user=None, visible=True):
    event = ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.NOTE,
        actor=actor,
        user=user,
        note=note,
        visible_to_applicant=visible,
    )
    if visible:
        engine._notify(application, event)
    return event


def _choices_from(pages):
    third = pages.get(3, {})
    if "programme" in third:
        return [(Track.REGULAR, 1, third["programme"])]
    rows = [(Track.REGULAR, rank, p) for rank, p in enumerate(third.get("ranked", []), start=1)]
    rows += [(p.track, 1, p) for p in third.get("extra", [])]
    return rows


ASSISTED_KINDS = ["pdf", "jpeg", "png"]


def _record_assistance(registration, submit):
    """The history says who registered on the family's behalf and how the consent was given."""
    officer = submit["assisted_by"]
    if submit.get("consent_method") == "paper":
        engine.attachment_store(
            upload=submit["consent_form"],
            kind=Attachment.Kind.APPLICANT,
            allowed=ASSISTED_KINDS,
            max_mb=5,
            application=registration.application,
            field_name="consent_form",
            label=str(_("Signed consent of the parent")),
        )
        how = _("a paper form signed by the parent (attached)")
    else:
        how = _("a code sent by SMS to the parent's phone")
    _event(
        registration.application,
        note=_("Registered on the family's behalf by %(officer)s; the parent's consent: %(how)s.")
        % {"officer": officer.get_full_name() or officer.get_username(), "how": how},
        actor=Actor.STAFF,
        user=officer,
    )


def registration_create(*, round_page, application, pages, assisted_by=None) -> Registration:
    """The typed rows of a submitted registration, in the submission's transaction.

    One active registration per child and round: a second one at the same school is refused
    (the submission is undone); at another school it is kept, inactive and flagged as a
    duplicate for the department."""
    child, residence, priority = pages.get(1, {}), pages.get(2, {}), pages.get(5, {})
    choices = _choices_from(pages)
    school_id = choices[0][2].plan.school_id if choices else None
    practice = round_page.phase() == Phase.PRACTICE
    fields = {
        "application": application,
        "round": round_page,
        "child_personal_id": child["personal_id"],
        "child_gender": child["gender"],
        "residence_unit": residence["unit"],
        "pupil": child.get("pupil"),
        "priority_group": priority.get("priority_group"),
        "incentive_group": priority.get("incentive_group"),
        "ethnicity": priority.get("ethnicity", ""),
        "child_consent": bool(pages.get("submit", {}).get("child_consent")),
        "child_consent_text": round_page.child_consent_text
        if pages.get("submit", {}).get("child_consent")
        else "",
        "practice": practice,
        "assisted_by": assisted_by or pages.get("submit", {}).get("assisted_by"),
    }
    if choices:
        plan = choices[0][2].plan
        fields["in_catchment"] = (
            not plan.catchment.exists() or plan.catchment.filter(pk=residence["unit"].pk).exists()
        )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(**fields)
    except IntegrityError:
        first = (
            Registration.objects.filter(
                round=round_page,
                child_personal_id=child["personal_id"],
                practice=practice,
                active=True,
            )
            .select_related("application")
            .first()
        )
        if first is None or first.application.school_id == school_id:
            raise ValidationError(DUPLICATE_MESSAGE, code="duplicate") from None
        registration = Registration.objects.create(**fields, active=False, duplicate_of=first)
    RegistrationChoice.objects.bulk_create(
        RegistrationChoice(registration=registration, track=track, rank=rank, programme=programme)
        for track, rank, programme in choices
    )
    if pages.get("submit", {}).get("assisted_by") is not None:
        _record_assistance(registration, pages["submit"])
    return registration


def _order_text(programmes):
    return "; ".join(f"NV{rank}: {p}" for rank, p in enumerate(programmes, start=1))


@transaction.atomic
def choices_change(*, registration, programmes, now=None) -> Registration:
    """Change the ranked regular choices during the round's window: the order, or a school
    for another, never more than the round's number of choices. Recorded in the history."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    round_page = AdmissionRoundPage.objects.get(pk=registration.round_id)
    phase = round_page.phase(now)
    if phase not in (Phase.OPEN, Phase.CHANGES, Phase.PRACTICE) or not round_page.ranks_choices:
        raise ValidationError(
            _("The choices can no longer be changed: the window closed."), code="locked"
        )
    if registration.application.status in selectors.NOT_COUNTED:
        raise ValidationError(_("This registration is closed."), code="closed")
    if not programmes:
        raise ValidationError(_("Keep at least one choice."), code="empty")
    if len(programmes) > round_page.max_choices:
        raise ValidationError(
            _("At most %(k)s choices.") % {"k": round_page.max_choices}, code="too_many"
        )
    if len({p.pk for p in programmes}) != len(programmes):
        raise ValidationError(_("A school appears twice in your choices."), code="twice")
    before = [c.programme for c in selectors.regular_choices(registration)]
    if [p.pk for p in before] == [p.pk for p in programmes]:
        return registration
    registration.choices.filter(track=Track.REGULAR).delete()
    RegistrationChoice.objects.bulk_create(
        RegistrationChoice(registration=registration, track=Track.REGULAR, rank=rank, programme=p)
        for rank, p in enumerate(programmes, start=1)
    )
    application = registration.application
    new_school = programmes[0].plan.school_id
    if application.school_id != new_school:  # the first choice's school verifies
        Application.objects.filter(pk=application.pk).update(school_id=new_school)
    _event(
        application,
        note=_("Choices changed. Before: %(before)s. Now: %(after)s.")
        % {"before": _order_text(before), "after": _order_text(programmes)},
    )
    return registration


@transaction.atomic
def outcome_set(*, registration, programme=None, user=None, now=None) -> Registration:
    """Record the result of a registration: admitted to `programme`, or not admitted."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.outcome in (Outcome.CONFIRMED, Outcome.RELEASED):
        raise ValidationError(_("This result is final."), code="final")
    registration.outcome = Outcome.ADMITTED if programme else Outcome.NOT_ADMITTED
    registration.admitted_programme = programme
    registration.outcome_at = now
    registration.save(update_fields=["outcome", "admitted_programme", "outcome_at"])
    round_page = registration.round
    if programme:
        note = _(
            "Admitted to %(programme)s. Confirm the enrolment online before %(deadline)s, or "
            "the place is released."
        ) % {
            "programme": programme,
            "deadline": timezone.localtime(round_page.confirm_by).strftime("%H:%M %d/%m/%Y"),
        }
    else:
        note = _("Not admitted in this round.")
    _event(registration.application, note=note, actor=Actor.STAFF, user=user)
    return registration


def lottery_number(seed: str, code: str) -> int:
    """One random number per registration, drawn from a seed published before the run: the
    same seed gives the same numbers, so anyone can check the draw."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest()[:8], "big")


def _priority_key(registration, seed):
    points = registration.priority_group.points_hundredths if registration.priority_group else 0
    return (
        registration.in_catchment,
        points,
        lottery_number(seed, registration.application.code),
    )


def results_assign_by_priority(*, round_page, seed: str, user=None, now=None) -> dict[int, int]:
    """Grades 1 and 6: seat each programme's verified registrations up to its places, by
    catchment first, then priority points, then one random number per registration drawn
    from `seed` (published before the run); the others are not admitted. Nothing is first
    come, first served. Returns {programme id: admitted}. Grade 10 uses the assignment
    engine on scores instead."""
    if round_page.ranks_choices:
        raise ValidationError(_("Grade 10 places are assigned by scores."), code="grade")
    admitted = {}
    pending = (
        selectors.counted_registrations(round_page)
        .filter(outcome=Outcome.PENDING, application__status=Status.APPROVED)
        .select_related("priority_group", "application")
        .prefetch_related("choices__programme")
        .order_by("pk")
    )
    by_programme = {}
    for registration in pending:
        first = next(iter(registration.choices.all()), None)
        if first is not None:
            by_programme.setdefault(first.programme, []).append(registration)
    for programme, registrations in by_programme.items():
        ranked = sorted(registrations, key=lambda r: _priority_key(r, seed), reverse=True)
        seats = programme.places
        for position, registration in enumerate(ranked):
            outcome_set(
                registration=registration,
                programme=programme if position < seats else None,
                user=user,
                now=now,
            )
        admitted[programme.pk] = min(seats, len(ranked))
    return admitted


@transaction.atomic
def registration_confirm(*, registration, now=None) -> Registration:
    """The family confirms the enrolment (xác nhận nhập học) before the deadline."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.outcome == Outcome.CONFIRMED:
        return registration
    if registration.outcome != Outcome.ADMITTED:
        raise ValidationError(_("Only an admitted pupil can confirm the enrolment."), code="state")
    if now >= registration.round.confirm_by:
        raise ValidationError(
            _("The deadline to confirm has passed. Please contact the school."), code="late"
        )
    registration.outcome = Outcome.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["outcome", "confirmed_at"])
    _event(
        registration.application,
        note=_("Enrolment confirmed online at %(school)s.")
        % {"school": registration.admitted_programme},
    )
    return registration


def reminders_send(*, now=None) -> int:
    """Remind every family with an unconfirmed place, at the round's intervals before the
    deadline (one reminder per interval, the last one saying the place will be released).
    Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    waiting = Registration.objects.filter(
        outcome=Outcome.ADMITTED, round__confirm_by__gt=now, practice=False
    ).select_related("round", "application", "admitted_programme")
    for registration in waiting:
        days = registration.round.reminder_day_list()
        remaining = registration.round.confirm_by - now
        due = sum(1 for day in days if remaining.total_seconds() <= day * 86400)
        if due <= registration.reminders_sent:
            continue
        with transaction.atomic():
            updated = Registration.objects.filter(
                pk=registration.pk, reminders_sent=registration.reminders_sent
            ).update(reminders_sent=due)
            if not updated:  # another run sent it
                continue
            _event(
                registration.application,
                note=_(
                    "Reminder: confirm the enrolment at %(school)s before %(deadline)s. "
                    "Without it, the place is released to another pupil."
                )
                % {
                    "school": registration.admitted_programme,
                    "deadline": timezone.localtime(registration.round.confirm_by).strftime(
                        "%H:%M %d/%m/%Y"
                    ),
                },
                actor=Actor.SYSTEM,
            )
        sent += 1
    return sent


def places_release(*, now=None) -> int:
    """Release the places not confirmed by the deadline (to the next round); the family is
    told. Returns how many were released."""
    now = now or timezone.now()
    released = 0
    late = Registration.objects.filter(outcome=Outcome.ADMITTED, round__confirm_by__lte=now)
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("admitted_programme__plan__school", "application")
                .get(pk=pk)
            )
            if registration.outcome != Outcome.ADMITTED:
                continue
            programme = registration.admitted_programme
            registration.outcome = Outcome.RELEASED
            registration.outcome_at = now
            registration.save(update_fields=["outcome", "outcome_at"])
            _event(
                registration.application,
                note=_(
                    "The place at %(school)s was released: the enrolment was not confirmed "
                    "by the deadline. Contact the school or the department for the next round."
                )
                % {"school": programme},
                actor=Actor.SYSTEM,
            )
        released += 1
    return released


def practice_wipe(*, now=None) -> int:
    """Delete the practice registrations of rounds whose practice window has closed (their
    applications, files and history with them). Returns how many were deleted."""
    now = now or timezone.now()
    done = Registration.objects.filter(practice=True, round__practice_closes_at__lte=now)
    count = 0
    for application in Application.objects.filter(registration__in=done).iterator():
        with transaction.atomic():
            for attachment in application.attachments.all():
                attachment.file.delete(save=False)
            application.delete()
        count += 1
    return count


def registration_close_on_status(*, application) -> None:
    """A refused or withdrawn registration no longer blocks the child's next one."""
    if application.status in selectors.NOT_COUNTED:
        Registration.objects.filter(application=application, active=True).update(active=False)
