"""The fleet: every school site at a glance, for the department's administrators.

`fleet_rows(...)` returns one `FleetRow` per school: which required sections (sites.sections)
are missing or empty, when the school last published, how many of its pages wait for
moderation, whether it is stale, and where each public-disclosure category stands for a school
year (done, missing, or late: due and not published; disclosures.schedule). It makes the same
number of queries whatever the number of schools: the school list, its levels, then a handful of grouped queries over the pages whose
tree path starts with a school home's path (treebeard's materialised path), grouped by that
prefix. Filtering and sorting then happen on the rows in Python (a few hundred of them).
"""

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Max, Q, TextField
from django.db.models.functions import Cast, Length, Substr, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from portal.text import fold_vi
from sites.models import School
from sites.sections import CONTACT_PAGE, REQUIRED_SECTIONS, SECTION_KIND_CHOICES, SECTION_PAGE

DEFAULT_STALE_DAYS = 30

SECTION_LABELS = {
    **dict(SECTION_KIND_CHOICES),
    "news": _("News"),
    "contact": _("Contact"),
}

# Problems a required section can have.
MISSING = "missing"  # no child page of that kind at all
UNPUBLISHED = "unpublished"  # the page exists but none of them is live
EMPTY = "empty"  # live, but without content (no intro/body; no child page; no form field)

STATUS_ACTIVE = "active"
STATUS_ARCHIVED = "archived"
STATUS_ALL = "all"

# Filter on disclosures: schools with a late category, or with any category not done.
DISCLOSURES_LATE = "late"
DISCLOSURES_MISSING = "missing"

SORT_KEYS = (
    "name",
    "code",
    "unit",
    "levels",
    "type",
    "missing",
    "empty",
    "problems",
    "last_published",
    "pending",
    "stale",
    "disclosures",
)


def stale_days_default():
    return getattr(settings, "FLEET_STALE_DAYS", DEFAULT_STALE_DAYS)


@dataclass
class SectionProblem:
    kind: str
    problem: str  # MISSING, UNPUBLISHED or EMPTY

    @property
    def label(self):
        return SECTION_LABELS.get(self.kind, self.kind)


@dataclass
class FleetRow:
    school: School
    levels: list
    home_live: bool = False
    missing: list = field(default_factory=list)  # SectionProblem: MISSING or UNPUBLISHED
    empty: list = field(default_factory=list)  # SectionProblem: EMPTY
    last_published: object = None
    pending: int = 0
    stale: bool = False
    days_since_publication: int | None = None
    disclosures: list = field(default_factory=list)  # disclosures.selectors.CategoryStatus

    @property
    def disclosures_late(self):
        """Categories due and not published: problems."""
        return [status.category for status in self.disclosures if status.late]

    @property
    def disclosures_missing(self):
        """Categories not published yet, not due yet."""
        return [
            status.category for status in self.disclosures if not status.done and not status.late
        ]

    @property
    def problems(self):
        """Missing + empty required sections, late disclosures, and one if the home page is
        not live."""
        return (
            len(self.missing)
            + len(self.empty)
            + len(self.disclosures_late)
            + (0 if self.home_live else 1)
        )

    @property
    def has_problems(self):
        return self.problems > 0

    @property
    def school_type_name(self):
        return self.school.school_type.name

    @property
    def level_names(self):
        return ", ".join(level.name for level in self.levels)


# --------------------------------------------------------------------------- computation


def _schools(*, status, unit, level, school_type, query):
    schools = School.objects.all()
    if status == STATUS_ACTIVE:
        schools = schools.filter(status=School.Status.ACTIVE)
    elif status == STATUS_ARCHIVED:
        schools = schools.filter(status=School.Status.ARCHIVED)
    if unit is not None:
        schools = schools.filter(
            Q(administrative_unit=unit)
            | Q(administrative_unit__parent=unit)
            | Q(administrative_unit__parent__parent=unit)
        )
    if level is not None:
        schools = schools.filter(levels=level)
    if school_type is not None:
        schools = schools.filter(school_type=school_type)
    if query:
        folded = fold_vi(query)
        schools = schools.filter(Q(search_name__icontains=folded) | Q(code__icontains=query))
    return schools.distinct() if level is not None else schools


@dataclass
class _Homes:
    """The home pages of the listed schools that sit at one depth of the tree."""

    depth: int
    prefix: str  # their paths' common prefix: narrows the scan to the school directory
    paths: object  # a subquery of their paths (one parameter set, however many schools)


def _under(queryset, homes, *, field="path"):
    """Rows of `queryset` inside the subtrees rooted at `homes`, annotated with
    `school_path`, their home's path. One query, no matter how many schools."""
    return (
        queryset.filter(**{f"{field}__startswith": homes.prefix})
        .annotate(school_path=Substr(field, 1, homes.depth * Page.steplen))
        .filter(school_path__in=homes.paths)
        .order_by()  # no default ordering: it would end up in the GROUP BY of the callers
    )


def _section_states(homes):  # noqa: C901 - one pass over the sections, each rule a branch
    """{school path: {section kind: MISSING/UNPUBLISHED/EMPTY/None (fine)}}"""
    found = defaultdict(lambda: defaultdict(list))  # school path → kind → [(live, empty)]
    depth = homes.depth
    by_type = defaultdict(list)
    for section in REQUIRED_SECTIONS:
        by_type[section.page_type].append(section)

    live_children = None
    for page_type, sections in by_type.items():
        model = apps.get_model(page_type)
        children = _under(model.objects.filter(depth=depth + 1), homes)
        if page_type == SECTION_PAGE:
            rows = children.annotate(
                intro_length=Length(Trim("intro")),
                body_length=Length(Cast("body", TextField())),
            ).values_list("school_path", "kind", "live", "intro_length", "body_length")
            for school_path, kind, live, intro_length, body_length in rows:
                # An empty StreamField is stored as "[]".
                empty = not intro_length and (body_length or 0) <= 2
                found[school_path][kind].append((live, empty))
        elif page_type == CONTACT_PAGE:
            rows = (
                children.values("pk", "school_path", "live")
                .annotate(n_fields=Count("form_fields"))
                .values_list("school_path", "live", "n_fields")
            )
            for school_path, live, n_fields in rows:
                for section in sections:
                    found[school_path][section.kind].append((live, not n_fields))
        elif getattr(model, "section_content_field", None):
            rows = children.annotate(
                content_length=Length(Cast(model.section_content_field, TextField()))
            ).values_list("school_path", "live", "content_length")
            for school_path, live, content_length in rows:
                for section in sections:
                    found[school_path][section.kind].append((live, (content_length or 0) <= 2))
        else:  # an index: empty while it has no live child page
            if live_children is None:  # one query serves every index type
                live_children = dict(
                    _under(Page.objects.filter(depth=depth + 2, live=True), homes)
                    .annotate(index_path=Substr("path", 1, (depth + 1) * Page.steplen))
                    .values("index_path")
                    .annotate(n=Count("pk"))
                    .values_list("index_path", "n")
                )
            for school_path, path, live in children.values_list("school_path", "path", "live"):
                for section in sections:
                    found[school_path][section.kind].append((live, not live_children.get(path)))
    return found


def _section_problems(pages_by_kind):
    missing, empty = [], []
    for section in REQUIRED_SECTIONS:
        pages = pages_by_kind.get(section.kind, [])
        live = [is_empty for is_live, is_empty in pages if is_live]
        if not pages:
            missing.append(SectionProblem(section.kind, MISSING))
        elif not live:
            missing.append(SectionProblem(section.kind, UNPUBLISHED))
        elif all(live):
            empty.append(SectionProblem(section.kind, EMPTY))
    return missing, empty


def _subtree_figures(homes):
    """({school path: last publication}, {school path: pages in moderation})"""
    depth = homes.depth
    last_published = dict(
        _under(Page.objects.filter(depth__gte=depth, live=True), homes)
        .values("school_path")
        .annotate(last=Max("last_published_at"))
        .values_list("school_path", "last")
    )
    pending = dict(
        _under(
            Page.objects.filter(
                depth__gte=depth, _workflow_states__status=WorkflowState.STATUS_IN_PROGRESS
            ),
            homes,
        )
        .values("school_path")
        .annotate(n=Count("pk"))
        .values_list("school_path", "n")
    )
    return last_published, pending


def _published_disclosures(homes, *, school_year):
    """{school path: {category ids with a live disclosure of ``school_year``}}. One query."""
    from disclosures.models import DisclosurePage

    published = defaultdict(set)
    rows = (
        _under(DisclosurePage.objects.filter(live=True, school_year=school_year), homes)
        .values_list("school_path", "category_id")
        .distinct()
    )
    for school_path, category_id in rows:
        published[school_path].add(category_id)
    return published


def _sort_key(key):
    def _text(value):
        return fold_vi(value or "")

    oldest = timezone.now() - timedelta(days=365 * 1000)
    keys = {
        "name": lambda r: _text(r.school.name),
        "code": lambda r: r.school.code,
        "unit": lambda r: _text(r.school.administrative_unit.name),
        "levels": lambda r: [level.sort_order for level in r.levels],
        "type": lambda r: _text(r.school_type_name),
        "missing": lambda r: len(r.missing),
        "empty": lambda r: len(r.empty),
        "problems": lambda r: r.problems,
        "last_published": lambda r: r.last_published or oldest,
        "pending": lambda r: r.pending,
        "stale": lambda r: r.stale,
        "disclosures": lambda r: (len(r.disclosures_late), len(r.disclosures_missing)),
    }
    primary = keys[key]
    return lambda row: (primary(row), _text(row.school.name), row.school.code)


def fleet_rows(
    *,
    status=STATUS_ACTIVE,
    unit=None,
    level=None,
    school_type=None,
    query="",
    has_problems=None,
    stale=None,
    stale_days=None,
    sort="name",
    now=None,
    school_year=None,
    disclosures=None,
):
    """One FleetRow per school matching the filters, sorted by `sort` ("-key" = descending).

    unit/level/school_type: model instances (or ids); has_problems/stale: True, False or None
    (no filter); stale_days: a school is stale when its subtree has published nothing live
    for that many days (default settings.FLEET_STALE_DAYS, 30). school_year: the year whose
    disclosures are checked (default: the current one); disclosures: DISCLOSURES_LATE or
    DISCLOSURES_MISSING keeps the schools late, or not done, on some category.
    """
    from disclosures import schedule
    from disclosures.models import DisclosureCategory
    from disclosures.selectors import category_states

    descending = sort.startswith("-")
    sort_key = sort.lstrip("-")
    if sort_key not in SORT_KEYS:
        raise ValueError(f"Unknown sort key: {sort!r}")
    stale_days = stale_days_default() if stale_days is None else stale_days
    now = now or timezone.now()
    threshold = now - timedelta(days=stale_days)
    today = timezone.localdate(now)
    school_year = school_year or schedule.school_year_of(today)
    categories = list(DisclosureCategory.objects.all())

    filtered = _schools(status=status, unit=unit, level=level, school_type=school_type, query=query)
    # The home page's tree position only (building 900 Page instances costs ~0.2 s).
    schools = list(
        filtered.select_related("administrative_unit", "school_type", "site")
        .annotate(
            home_path=F("home_page__path"),
            home_depth=F("home_page__depth"),
            home_live=F("home_page__live"),
        )
        .prefetch_related("levels")
    )
    paths_by_depth = defaultdict(list)
    for school in schools:
        if school.home_path is not None:
            paths_by_depth[school.home_depth].append(school.home_path)

    sections, last_published, pending, disclosed = {}, {}, {}, {}
    for depth, paths in paths_by_depth.items():  # one round for every school in practice
        homes = _Homes(
            depth=depth,
            prefix=os.path.commonprefix(paths),
            paths=filtered.filter(home_page__depth=depth).values("home_page__path"),
        )
        sections.update(_section_states(homes))
        published, in_moderation = _subtree_figures(homes)
        last_published.update(published)
        pending.update(in_moderation)
        disclosed.update(_published_disclosures(homes, school_year=school_year))

    rows = []
    for school in schools:
        path = school.home_path
        missing, empty = _section_problems(sections.get(path, {}))
        last = last_published.get(path)
        row = FleetRow(
            school=school,
            levels=sorted(school.levels.all(), key=lambda level: level.sort_order),
            home_live=bool(school.home_live),
            missing=missing,
            empty=empty,
            last_published=last,
            pending=pending.get(path, 0),
            stale=last is None or last < threshold,
            days_since_publication=(now - last).days if last else None,
            disclosures=category_states(
                categories=categories,
                published_ids=disclosed.get(path, set()),
                school_year=school_year,
                today=today,
            ),
        )
        rows.append(row)

    if has_problems is not None:
        rows = [row for row in rows if row.has_problems == has_problems]
    if stale is not None:
        rows = [row for row in rows if row.stale == stale]
    if disclosures == DISCLOSURES_LATE:
        rows = [row for row in rows if row.disclosures_late]
    elif disclosures == DISCLOSURES_MISSING:
        rows = [row for row in rows if row.disclosures_late or row.disclosures_missing]
    rows.sort(key=_sort_key(sort_key), reverse=descending)
    return rows


def fleet_summary(rows):
    """Totals shown above the table."""
    return {
        "schools": len(rows),
        "with_problems": sum(1 for row in rows if row.has_problems),
        "stale": sum(1 for row in rows if row.stale),
        "pending": sum(row.pending for row in rows),
        "schools_with_pending": sum(1 for row in rows if row.pending),
        "disclosures_late": sum(1 for row in rows if row.disclosures_late),
    }


# --------------------------------------------------------------------------- moderation at scale


def task_states_reviewable_by(*, user):
    """What Wagtail's `TaskState.objects.reviewable_by(user)` returns, in constant time.

    Wagtail ORs together one queryset per active task (`Task.specific()`, then
    `task.get_task_states_user_can_moderate(user)` for each): with one approval task per
    school, that is 900 `|` of growing querysets (quadratic cloning: ~5 s of Python for a
    superuser) plus one "is the user in this task's groups?" query per task for everybody
    else. Plain GroupApprovalTasks are answered here with one subquery; tasks of any other
    type still go through their own `get_task_states_user_can_moderate`.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task, TaskState

    group_tasks = GroupApprovalTask.objects.filter(active=True)
    if not user.is_superuser:
        group_tasks = group_tasks.filter(groups__in=user.groups.all())
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, task__in=group_tasks.values("pk")
    )
    others = (
        Task.objects.filter(active=True)
        .exclude(content_type=ContentType.objects.get_for_model(GroupApprovalTask))
        .specific()
    )
    for task in others:
        states = states | task.get_task_states_user_can_moderate(user=user)
    return states
