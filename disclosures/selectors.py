"""Reads: a school's disclosures and where each category stands for a school year."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.utils import timezone

from disclosures import schedule
from disclosures.models import DisclosureCategory, DisclosurePage


@dataclass(frozen=True)
class CategoryStatus:
    category: DisclosureCategory
    state: str  # schedule.DONE, MISSING or LATE
    due: object  # a date, or None

    @property
    def done(self) -> bool:
        return self.state == schedule.DONE

    @property
    def late(self) -> bool:
        return self.state == schedule.LATE


def category_states(*, categories, published_ids, school_year, today) -> list[CategoryStatus]:
    """[CategoryStatus] for every category, given the ids of those published (no query)."""
    return [
        CategoryStatus(
            category=category,
            state=schedule.state_of(
                published=category.pk in published_ids,
                due=(due := category.due_date(school_year)),
                today=today,
            ),
            due=due,
        )
        for category in categories
    ]


def disclosure_status(*, school, school_year, today=None) -> list[CategoryStatus]:
    """Per category: done / missing / late, for one school and school year. Two queries.

    Done: a live disclosure of that category and year inside the school's site. Late: none,
    and the category's due date in that school year has passed.
    """
    schedule.validate_school_year(school_year)
    today = today or timezone.localdate()
    published = set()
    if school.home_page_id is not None:
        published = set(
            DisclosurePage.objects.live()
            .filter(path__startswith=school.home_page.path, school_year=school_year)
            .values_list("category_id", flat=True)
            .distinct()
        )
    return category_states(
        categories=list(DisclosureCategory.objects.all()),
        published_ids=published,
        school_year=school_year,
        today=today,
    )


@dataclass
class YearGroup:
    school_year: str
    categories: list  # [(category, [DisclosurePage])]


def disclosure_listing(*, index, school_year=None) -> list[YearGroup]:
    """The live disclosures under ``index``, grouped by school year (newest first) then
    category (in the department's order). One query."""
    pages = (
        DisclosurePage.objects.child_of(index)
        .live()
        .public()
        .select_related("category")
        .order_by("-school_year", "category__sort_order", "category__name", "-date", "-pk")
    )
    if school_year:
        pages = pages.filter(school_year=school_year)
    groups = []
    for year, in_year in groupby(pages, key=lambda page: page.school_year):
        by_category = [
            (category, list(items))
            for category, items in groupby(in_year, key=lambda page: page.category)
        ]
        groups.append(YearGroup(school_year=year, categories=by_category))
    return groups


def disclosure_years(*, index) -> list[str]:
    """The school years with a live disclosure under ``index``, newest first. One query."""
    return list(
        DisclosurePage.objects.child_of(index)
        .live()
        .public()
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )
