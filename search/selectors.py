"""Reads for the public search: scope, results with snippets, facets, suggestions, promotions."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site

from portal.querystring import optional_int
from search.engines import get_engine
from search.text import highlight, parse_query
from sites.models import AdministrativeUnit

RESULTS_PER_PAGE = 10
MAX_PAGE = 50  # = CANDIDATES / RESULTS_PER_PAGE: every reachable page is ranked exactly
AUTOCOMPLETE_LIMIT = 8
FACETS = (
    # (GET parameter, engine field, heading)
    ("site", "site_id", _("Site")),
    ("unit", "unit_id", _("Administrative unit")),
    ("type", "content_label", _("Content type")),
    ("year", "year", _("Year")),
)
FACET_VALUES_SHOWN = 12


@dataclass
class Scope:
    """Which entries a search may see: its sites (None = all) and the chosen facet values."""

    site_ids: list | None
    filters: dict = field(default_factory=dict)
    is_portal: bool = True


@dataclass
class Result:
    title: str
    title_html: str
    url: str
    snippet: str
    content_label: str
    date: datetime.datetime | None
    site_name: str


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    results: list
    total: int
    facets: list
    more: bool = False  # more matches than the engine's candidates: "more than {total}"
    suggestion: str = ""
    related: list = field(default_factory=list)
    promotions: list = field(default_factory=list)


def search_scope_site_ids(*, site) -> list[int] | None:
    """The ids of ``site`` and every Site whose root is inside it; None when that is all of them.

    The portal's scope holds every school's site; a school's scope is its own site only.
    """
    key = f"search:scope:{site.pk}:{site.root_page_id}"
    cached = cache.get(key)
    if cached is None:
        rows = list(Site.objects.values_list("pk", "root_page__path"))
        root_path = dict(rows)[site.pk]
        ids = [pk for pk, path in rows if path.startswith(root_path)]
        cached = None if len(ids) == len(rows) else ids
        cache.set(key, cached or "all", 300)
    return None if cached == "all" else cached


def build_scope(*, site, params) -> Scope:
    """The scope for a request's site and its facet parameters (invalid values are ignored)."""
    site_ids = search_scope_site_ids(site=site) if site is not None else None
    filters = {}
    for param, field_name, _heading in FACETS:
        raw = (params.get(param) or "").strip()[:100]
        if not raw:
            continue
        if field_name == "content_label":
            filters[field_name] = raw
        elif (number := optional_int(raw, minimum=1)) is not None:
            filters[field_name] = number
    if site_ids is not None and filters.get("site_id") not in (None, *site_ids):
        filters["site_id"] = -1  # a site outside this scope: nothing, not a leak
    return Scope(
        site_ids=site_ids, filters=filters, is_portal=site_ids is None or len(site_ids) > 1
    )


def _entry_url(entry):
    if entry.url.startswith(("http://", "https://")):
        return entry.url
    return f"{entry.site.root_url}{entry.url}"


def _facet_labels(field_name, values):
    if field_name == "site_id":
        return {
            site.pk: site.site_name or site.hostname for site in Site.objects.filter(pk__in=values)
        }
    if field_name == "unit_id":
        return {unit.pk: str(unit) for unit in AdministrativeUnit.objects.filter(pk__in=values)}
    return {value: str(value) for value in values}


def _facets(raw, scope):
    facets = []
    for param, field_name, heading in FACETS:
        if field_name == "site_id" and not scope.is_portal:
            continue
        rows = raw.get(field_name, [])[:FACET_VALUES_SHOWN]
        if not rows:
            continue
        labels = _facet_labels(field_name, [value for value, _count in rows])
        chosen = scope.filters.get(field_name)
        values = [
            FacetValue(str(value), labels.get(value, str(value)), count, value == chosen)
            for value, count in rows
        ]
        if field_name == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        facets.append({"param": param, "heading": heading, "values": values})
    return facets


RELATED_LIMIT = 3
RELATED_MAX_WORDS = 6


def _suggest(parsed, scope, engine):
    """A corrected query ("did you mean") built from words of recent titles, if it finds any."""
    words = parsed.all_words
    vocabulary = engine.vocabulary(scope)
    corrected = []
    for word in words:
        if word in vocabulary or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
    if corrected == list(words):
        return ""
    suggestion = " ".join(corrected)
    return suggestion if engine.exists(parse_query(suggestion), scope) else ""


def _related(query_text, scope, engine):
    """Shorter queries that do find something: phrases of the query as typed (accents kept),
    of two words or more, longest first. Never single syllables: a Vietnamese word is mostly
    two of them ("học phí", "mầm non"), and "hoc" or "phi" alone says nothing."""
    # At most RELATED_MAX_WORDS words: each phrase tried is one query.
    words = query_text.replace('"', " ").split()[:RELATED_MAX_WORDS]
    found = []
    for size in range(len(words) - 1, 1, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if any(phrase.lower() in kept.lower() for kept in found):
                continue
            if engine.exists(parse_query(phrase), scope):
                found.append(phrase)
            if len(found) == RELATED_LIMIT:
                return found
    return found


def search_promotions(*, query_text, scope) -> list[dict[str, str]]:
    """Editors' promoted results for this query (with or without diacritics), in scope."""
    folded = " ".join(parse_query(query_text).all_words)
    # Promotions are few (editors pick them by hand): compare folded, in Python, so one made
    # for "tuyển sinh" also serves "tuyen sinh".
    promotions = [
        promotion
        for promotion in SearchPromotion.objects.select_related("query", "page")
        if " ".join(parse_query(promotion.query.query_string).all_words) == folded
    ]
    shown = []
    for promotion in sorted(promotions, key=lambda item: item.sort_order or 0):
        page = promotion.page
        if page is not None:
            if not page.live or page.get_view_restrictions().exists():
                continue
            if scope.site_ids is not None:
                site = page.get_site()
                if site is None or site.pk not in scope.site_ids:
                    continue
            url = page.get_url()
            title = promotion.title or page.title
        else:
            url, title = promotion.external_link_url, promotion.external_link_text
        if url:
            shown.append({"title": title, "url": url, "description": promotion.description})
    return shown


def search_run(*, query_text, scope, page_number=1, with_facets=True) -> SearchOutcome:
    """Run a query in a scope: one page of results with snippets, facets and suggestions."""
    parsed = parse_query(query_text)
    if not parsed:
        return SearchOutcome(results=[], total=0, facets=[])
    engine = get_engine()
    page_number = min(max(page_number, 1), MAX_PAGE)
    entries, total, more, raw_facets = engine.search(
        parsed,
        scope,
        offset=(page_number - 1) * RESULTS_PER_PAGE,
        limit=RESULTS_PER_PAGE,
        with_facets=with_facets,
    )
    results = [
        Result(
            title=entry.title,
            title_html=highlight(entry.title, parsed, width=300),
            url=_entry_url(entry),
            snippet=getattr(entry, "snippet_html", None) or highlight(entry.text, parsed),
            content_label=entry.content_label,
            date=entry.date,
            site_name=entry.site.site_name or entry.site.hostname,
        )
        for entry in entries
    ]
    outcome = SearchOutcome(
        results=results, total=total, more=more, facets=_facets(raw_facets, scope)
    )
    if not total:
        outcome.suggestion = _suggest(parsed, scope, engine)
        outcome.related = _related(query_text, scope, engine)
    return outcome


def search_autocomplete(*, query_text, scope) -> list[dict[str, str]]:
    parsed = parse_query(query_text)
    if not parsed:
        return []
    entries = get_engine().autocomplete(parsed, scope, limit=AUTOCOMPLETE_LIMIT)
    return [{"title": entry.title, "url": _entry_url(entry)} for entry in entries]


def popular_queries(*, days=30, limit=50) -> list[dict[str, Any]]:
    """Most frequent queries of the last ``days`` days (Wagtail's QueryDailyHits)."""
    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Query.objects.filter(daily_hits__date__gte=since)
        .annotate(total=Sum("daily_hits__hits"))
        .order_by("-total", "query_string")[:limit]
        .values("query_string", "total")
    )


def zero_result_queries(*, days=30, limit=50) -> list[dict[str, Any]]:
    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        Query.objects.filter(zero_result_hits__date__gte=since)
        .annotate(total=Sum("zero_result_hits__hits"))
        .order_by("-total", "query_string")[:limit]
        .values("query_string", "total")
    )
