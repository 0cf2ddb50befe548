"""Reads of the case engine: holidays, deadlines, applications for the public and staff."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from applications import workdays
from applications.models import Application, Attachment, PublicHoliday
from applications.status import CLOCK_RUNNING


def holiday_dates(*, start, end) -> set[datetime.date]:
    """The public holidays between two dates (inclusive): one query."""
    return set(
        PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def due_date(*, start, days) -> datetime.date:
    """The deadline `days` working days after `start` on the editable holiday calendar."""
    holidays = holiday_dates(start=start, end=start + workdays.span_for(days))
    return workdays.add_working_days(start, days, holidays)


def clock_start(*, at) -> datetime.date:
    """The day the handling time starts for something received at `at` (an aware datetime):
    that day (counted from the next day on)."""
    return timezone.localtime(at).date()


def applicant_events(*, application) -> QuerySet:
    return application.events.filter(visible_to_applicant=True).order_by("at", "pk")


def application_for_tracking(*, code, phone="", birth_date=None) -> Application | None:
    """The application with this receipt code whose second factor matches, else None.

    The same work is done whether the code exists or not (one query, and one per kind of case
    that has another reference, such as a pupil's student code with the date of birth), so
    neither the answer nor its timing tells which codes exist.
    """
    code = (code or "").strip().upper()
    factor = Q()
    if phone:
        factor |= Q(applicant_phone=phone)
    if birth_date:
        factor |= Q(applicant_birth_date=birth_date)
    if not code or not factor:
        return None
    found = (
        Application.objects.filter(factor, code=code, personal_data_purged_at__isnull=True)
        .select_related("definition")
        .first()
    )
    if found is None and birth_date:
        from applications.definitions import clients

        for client in clients():
            found = client.find_for_tracking(reference=code, birth_date=birth_date)
            if found is not None:
                break
    return found


def applicant_attachments(*, application) -> QuerySet:
    """The files the applicant may download: theirs, their supplements, and the result."""
    return application.attachments.filter(
        kind__in=[Attachment.Kind.APPLICANT, Attachment.Kind.SUPPLEMENT, Attachment.Kind.RESULT]
    )


def overdue_q(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=CLOCK_RUNNING, due_date__lt=today)


def timeline(*, application, staff=False) -> QuerySet:
    events = application.events.select_related("user")
    return events if staff else events.filter(visible_to_applicant=True)


def schools_for_applicants() -> QuerySet:
    """The schools an applicant may send an application to: the province's active schools
    that have staff to process it (provisioned groups), with their commune or ward."""
    from sites.models import School

    return (
        School.objects.active()
        .filter(Q(editors_group__isnull=False) | Q(moderators_group__isnull=False))
        .select_related("administrative_unit")
        .order_by("administrative_unit__name", "name")
    )


def schools_matching(term) -> QuerySet:
    """Schools by official code (exact) or by name, accents and case ignored."""
    from portal.text import fold_vi
    from sites.models import School

    term = term.strip()
    return School.objects.filter(
        Q(code__iexact=term) | Q(search_name__contains=fold_vi(term))
    ).values("pk")


def applications_in_queue(*, user, filters) -> QuerySet:
    """The back office queue of `user` (their scope), narrowed by the queue filter's cleaned
    values (any of q, definition, school, status, overdue, mine, submitted_from/_to), in the
    order staff work through it: nearest deadline first."""
    from applications.permissions import applications_for_user

    applications = applications_for_user(user).select_related("definition", "assignee", "school")
    if filters.get("q"):
        term = filters["q"].strip()
        applications = applications.filter(Q(code__iexact=term) | Q(applicant_name__icontains=term))
    if filters.get("definition"):
        applications = applications.filter(definition=filters["definition"])
    if filters.get("school"):
        applications = applications.filter(school__in=schools_matching(filters["school"]))
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("overdue"):
        applications = applications.filter(overdue_q())
    if filters.get("mine"):
        applications = applications.filter(assignee=user)
    if filters.get("submitted_from"):
        applications = applications.filter(submitted_at__date__gte=filters["submitted_from"])
    if filters.get("submitted_to"):
        applications = applications.filter(submitted_at__date__lte=filters["submitted_to"])
    return applications.order_by("due_date", "submitted_at")


def tracking_page_on_site_of(page) -> Page | None:
    """The live page on `page`'s site that hosts the tracking form (a page whose class has
    applications.pages.TrackingRoutesMixin): one tracking page for every kind of case."""
    from wagtail.models import get_page_models

    from applications.pages import TrackingRoutesMixin

    hosts = [model for model in get_page_models() if issubclass(model, TrackingRoutesMixin)]
    site = page.get_site()
    if site is None or not hosts:
        return None
    found = (
        Page.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .type(*hosts)
        .order_by("path")
        .first()
    )
    return found.specific if found else None
