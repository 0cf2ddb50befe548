"""Figures on the applications for the department: counts by definition, status and month,
the on-time rate and the processing time.

Plain functions over a queryset of applications the caller may see (the back office passes
`permissions.applications_for_user(user)`); every figure is computed by the database in a
constant number of queries whatever the number of applications (`application_statistics`:
six). An application is counted in the period of its submission (`submitted_at`, local
date).

- Decided: `decided_at` is set (approved or rejected).
- On time: decided on or before its due date (`decided_at`'s local date <= `due_date`).
- Processing time: from the submission date to the decision date, both as calendar days and
  as working days (weekends and the public holidays of the editable calendar skipped, as the
  deadlines are counted).
"""

import dataclasses
import datetime

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from applications import selectors, workdays
from applications.status import FINAL, Status


@dataclasses.dataclass
class Summary:
    total: int
    open: int
    overdue: int
    decided: int
    on_time: int
    average_days: float | None  # calendar days, submission to decision
    average_working_days: float | None

    @property
    def on_time_rate(self):
        """The share of decided applications decided on time (0..1), None if none."""
        return self.on_time / self.decided if self.decided else None


@dataclasses.dataclass
class Row:
    key: object
    label: str
    count: int


@dataclasses.dataclass
class Statistics:
    date_from: datetime.date
    date_to: datetime.date
    summary: Summary
    by_status: list
    by_month: list
    by_definition: list


def in_period(*, applications, date_from, date_to, definition=None):
    """The applications submitted between two dates (inclusive, local dates)."""
    applications = applications.filter(
        submitted_at__date__gte=date_from, submitted_at__date__lte=date_to
    )
    if definition is not None:
        applications = applications.filter(definition=definition)
    return applications.order_by()


def _decided():
    return Q(decided_at__isnull=False)


def summary(*, applications, today=None):
    """Totals, the on-time count and the average processing time: two queries plus one for
    the holidays."""
    figures = applications.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status__in=FINAL) & Q(decided_at__isnull=True)),
        overdue=Count("pk", filter=selectors.overdue_q(today)),
        decided=Count("pk", filter=_decided()),
        on_time=Count("pk", filter=_decided() & Q(decided_at__date__lte=F("due_date"))),
        average=Avg(F("decided_at") - F("submitted_at"), filter=_decided()),
    )
    average = figures.pop("average")
    return Summary(
        **figures,
        average_days=average.total_seconds() / 86400 if average is not None else None,
        average_working_days=average_working_days(applications=applications),
    )


def average_working_days(*, applications):
    """The mean number of working days from submission to decision.

    The database groups the decided applications by (submission date, decision date): a
    few hundred pairs a year however many applications, each counted on the holiday
    calendar here. Two queries.
    """
    pairs = list(
        applications.filter(_decided())
        .annotate(submitted_on=TruncDate("submitted_at"), decided_on=TruncDate("decided_at"))
        .values("submitted_on", "decided_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return None
    start = min(pair["submitted_on"] for pair in pairs)
    end = max(pair["decided_on"] for pair in pairs)
    holidays = selectors.holiday_dates(start=start, end=end)
    total = sum(
        workdays.working_days_between(pair["submitted_on"], pair["decided_on"], holidays)
        * pair["n"]
        for pair in pairs
    )
    return total / sum(pair["n"] for pair in pairs)


def by_status(*, applications):
    """Counts by status, in the order of the status machine (statuses with none left out).
    One query."""
    counts = dict(applications.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    order = {value: index for index, value in enumerate(Status.values)}
    rows = []
    for value in sorted(counts, key=lambda v: (order.get(v, len(order)), v)):
        label = Status(value).label if value in Status.values else value
        rows.append(Row(key=value, label=str(label), count=counts[value]))
    return rows


def months_between(date_from, date_to):
    """The first day of every month from `date_from`'s to `date_to`'s."""
    month = date_from.replace(day=1)
    while month <= date_to:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def by_month(*, applications, date_from, date_to):
    """Submissions per month (local time), every month of the period, empty ones included.
    One query."""
    counts = {
        timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month: n
        for month, n in applications.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    return [
        Row(key=month, label=f"{month:%m/%Y}", count=counts.get(month, 0))
        for month in months_between(date_from, date_to)
    ]


def by_definition(*, applications):
    """Counts by definition (the procedure or admission applied for), most applications
    first. One query."""
    rows = (
        applications.values("definition_id", "definition__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "definition__title")
    )
    return [
        Row(key=row["definition_id"], label=row["definition__title"] or "—", count=row["n"])
        for row in rows
    ]


def application_statistics(
    *, applications, date_from, date_to, definition=None, today=None
) -> Statistics:
    """Every figure of the statistics page: six queries."""
    scoped = in_period(
        applications=applications, date_from=date_from, date_to=date_to, definition=definition
    )
    return Statistics(
        date_from=date_from,
        date_to=date_to,
        summary=summary(applications=scoped, today=today),
        by_status=by_status(applications=scoped),
        by_month=by_month(applications=scoped, date_from=date_from, date_to=date_to),
        by_definition=by_definition(applications=scoped),
    )
