"""Reads for central control: pushed announcements, the school directory and the news roll-up.

Every function here runs a fixed number of queries, whatever the number of schools or
articles involved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.query import PageQuerySet

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.models import Page

from portal.models.news import NewsArticlePage
from portal.text import fold_vi
from sites.models import AdministrativeUnit, School

# Units nest province → (district) → commune; four levels leave room for older data.
UNIT_DEPTH = 4


def school_site_port() -> int:
    """The port school Sites are created with: the one the portal itself is served on.

    On a development machine PORTAL_BASE_URL is http://localhost:8000, so a school's Site
    gets port 8000 and its root_url (and every canonical link) is
    http://<slug>.localhost:8000 — the address that actually reaches it.
    """
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if base.port:
        return base.port
    return 443 if base.scheme == "https" else 80


def unit_and_ancestor_ids(*, unit_id) -> list[int]:
    """The ids of an administrative unit and every unit above it, in one query."""
    if unit_id is None:
        return []
    lookups = ["pk", *("__".join(["parent"] * n) + "_id" for n in range(1, UNIT_DEPTH))]
    row = AdministrativeUnit.objects.filter(pk=unit_id).values_list(*lookups).first()
    return [pk for pk in row or () if pk is not None]


def _in_unit(unit, prefix="administrative_unit"):
    """Schools in ``unit`` or in any unit below it."""
    condition = Q(**{prefix: unit})
    for depth in range(1, UNIT_DEPTH):
        condition |= Q(**{prefix + "__parent" * depth: unit})
    return condition


def school_targeting_filter(*, model, levels_field, units_field, school_levels, unit_ids) -> Q:
    """Rows of ``model`` aimed at one school through two optional many-to-many fields.

    A row applies when it names no levels or one of ``school_levels`` (a query of level ids),
    and names no units or one of ``unit_ids`` (the school's unit and the units above it).
    Shared by pushed news and alerts; a Q of two EXISTS sub-queries, no query of its own.
    """
    levels_through = getattr(model, levels_field).through
    units_through = getattr(model, units_field).through
    owner = f"{model._meta.model_name}_id"
    row_levels = levels_through.objects.filter(**{owner: OuterRef("pk")})
    row_units = units_through.objects.filter(**{owner: OuterRef("pk")})
    return (~Exists(row_levels) | Exists(row_levels.filter(schoollevel_id__in=school_levels))) & (
        ~Exists(row_units) | Exists(row_units.filter(administrativeunit_id__in=unit_ids))
    )


def site_school_targets(*, site_id) -> tuple[QuerySet, QuerySet]:
    """(level ids, unit ids) of the school served by ``site_id``, as sub-queries: its levels,
    and its administrative unit with every unit above it. No query of their own; empty for a
    site that is not a school's (the department portal)."""
    levels = School.levels.through.objects.filter(school__site_id=site_id).values("schoollevel_id")
    schools_below = School.objects.filter(site_id=site_id).filter(_in_unit(OuterRef("pk")))
    units = AdministrativeUnit.objects.filter(Exists(schools_below)).values("pk")
    return levels, units


def pushed_articles_for_school(*, school, limit) -> list[NewsArticlePage]:
    """Department articles pushed to schools that apply to ``school``, newest first.

    An article applies when it is pushed and: it names no levels or one of the school's
    levels; it names no units or the school's unit or a unit above it. Articles inside school
    sites never count as department announcements.
    """
    if school is None or school.home_page_id is None:
        return []
    school_levels = School.levels.through.objects.filter(school_id=school.pk).values(
        "schoollevel_id"
    )
    unit_ids = unit_and_ancestor_ids(unit_id=school.administrative_unit_id)
    articles = (
        NewsArticlePage.objects.live()
        .public()
        .filter(push_to_schools=True)
        .filter(
            school_targeting_filter(
                model=NewsArticlePage,
                levels_field="push_levels",
                units_field="push_units",
                school_levels=school_levels,
                unit_ids=unit_ids,
            )
        )
        .exclude(path__startswith=_directory_path(school.home_page))
        .only("id", "title", "slug", "url_path", "path", "depth", "date", "intro")
        .order_by("-date", "-pk")
    )
    return list(articles[:limit])


def _directory_path(home_page):
    """The tree path of the school directory, from a school home page (no query)."""
    return home_page.path[: -Page.steplen]


def school_home_for_page(page) -> School | None:
    """The School whose home page is ``page``, or None (a page not provisioned this way)."""
    try:
        return page.school
    except School.DoesNotExist:
        return None


def school_for_page(page) -> School | None:
    """The School whose site holds ``page`` (its home page or any page under it), or None.
    One query."""
    return School.objects.filter(
        home_page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).first()


def schools_filtered(*, unit=None, level=None, school_type=None, query="") -> QuerySet[School]:
    """Active schools with a live site, narrowed by the directory's filters.

    ``query`` matches the school's name without diacritics or case: "truong thcs cam thanh"
    finds "Trường THCS Cẩm Thành".
    """
    schools = School.objects.active().filter(home_page__live=True)
    if unit is not None:
        schools = schools.filter(_in_unit(unit))
    if level is not None:
        schools = schools.filter(levels=level)
    if school_type is not None:
        schools = schools.filter(school_type=school_type)
    for word in fold_vi(query).split():
        schools = schools.filter(search_name__contains=word)
    return schools


def school_directory_list(*, unit=None, level=None, school_type=None, query="") -> QuerySet[School]:
    """The directory listing: schools with everything a row shows, in four queries."""
    return (
        schools_filtered(unit=unit, level=level, school_type=school_type, query=query)
        .select_related("administrative_unit", "school_type", "site")
        .prefetch_related("levels")
        .order_by("name", "pk")
    )


def school_news_list(
    *, directory, unit=None, level=None, school_type=None, school=None
) -> PageQuerySet:
    """Live news articles of every school under ``directory``, newest first.

    An article belongs to the school whose home page is its ancestor just below the
    directory; the filters select those home pages in a sub-query.
    """
    home_path_length = (directory.depth + 1) * Page.steplen
    schools = schools_filtered(unit=unit, level=level, school_type=school_type)
    if school is not None:
        schools = schools.filter(pk=school.pk)
    return (
        NewsArticlePage.objects.live()
        .public()
        .filter(path__startswith=directory.path, depth__gt=directory.depth + 1)
        .annotate(home_path=Substr("path", 1, home_path_length))
        .filter(home_path__in=schools.values("home_page__path"))
        .only("id", "title", "slug", "url_path", "path", "depth", "date", "intro")
        .order_by("-date", "-pk")
    )


def attach_schools(*, articles) -> list[NewsArticlePage]:
    """Give each article of a listing its ``source_school`` and ``school_url`` (one query).

    ``school_url`` is the article's address on its school's own host: the canonical one.
    (Not ``school``: that is Page's reverse accessor of School.home_page.)
    """
    articles = list(articles)
    schools = {
        school.home_page.path: school
        for school in School.objects.filter(
            home_page__path__in={article.home_path for article in articles}
        ).select_related("home_page", "site")
    }
    for article in articles:
        school = schools.get(article.home_path)
        article.source_school = school
        if school is not None and school.site_id:
            relative = article.url_path[len(school.home_page.url_path) - 1 :]
            article.school_url = school.site.root_url + relative
        else:
            article.school_url = None
    return articles


def school_contact(*, school) -> dict[str, str]:
    """The contact details a school's home shows: its site settings (which the school's
    editors keep up to date), else the School record. One query."""
    from portal.models.navigation import OrganisationSettings

    if school is None:
        return {}
    organisation = None
    if school.site_id:
        organisation = OrganisationSettings.objects.filter(site_id=school.site_id).first()
    contact = {"name": getattr(organisation, "name", "") or school.name}
    for name in ("address", "phone", "email"):
        value = getattr(organisation, name, "") or getattr(school, name, "")
        if value:
            contact[name] = value
    if school.principal:
        contact["principal"] = school.principal
    return contact
