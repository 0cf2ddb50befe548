"""The database engine: PostgreSQL full-text search, or folded-word matching on SQLite.

Both match whole folded words ("dang" matches "Đăng", not "Đăngký"), require every term and
every quoted phrase, and rank title matches first, then relevance weighted by recency.

At scale (200,000 entries; see bench/search.py) the work is bounded by CANDIDATES: a query
first takes the ids of its CANDIDATES most recent matches (a walk down the date index for
common words, a GIN bitmap for rare ones) plus its TITLE_CANDIDATES most recent title
matches; counts, facets and ranking (which reads each candidate's tsvector) then run on those
ids only. CANDIDATES covers every reachable results page (MAX_PAGE × RESULTS_PER_PAGE); when
a query has more matches the page says "more than" and the facet counts are those of the
candidates. For a query with fewer matches everything is exact.
"""

import datetime

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.models import Site

from search.models import SearchEntry

FACET_FIELDS = ("site_id", "unit_id", "content_label", "year")
# ts_rank weights for {D, C, B, A}: a title (A) match counts five times a body (B) match.
RANK_WEIGHTS = "{0.05, 0.1, 0.2, 1.0}"
SECONDS_PER_YEAR = 31_536_000.0
CANDIDATES = 500
TITLE_CANDIDATES = 100


def _is_postgres():
    return connection.vendor == "postgresql"


def tsquery_text(parsed):
    """A to_tsquery() string: terms joined by &, phrases with <->. Words are [a-z0-9]+ only."""
    parts = list(parsed.terms)
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in parsed.phrases]
    return " & ".join(parts)


def title_prefix_tsquery_text(words):
    """Every word in the title (weight A), the last one as a prefix: "tuyen & lo:*A"."""
    parts = [f"{word}:A" for word in words[:-1]]
    return " & ".join([*parts, f"{words[-1]}:*A"])


def _scoped(scope):
    queryset = SearchEntry.objects.all()
    if scope.site_ids is not None:
        queryset = queryset.filter(site_id__in=scope.site_ids)
    for field, value in scope.filters.items():
        queryset = queryset.filter(**{field: value})
    year = scope.filters.get("year")
    if year and 1900 < year < 3000:
        # The same rows as year=…, said so that the date index can start at the right place.
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        queryset = queryset.filter(date__gte=start, date__lt=end)
    return queryset


def _vector_match(queryset, text):
    return queryset.extra(where=["search_vector @@ to_tsquery('simple', %s)"], params=[text])


def _matching(parsed, scope):
    queryset = _scoped(scope)
    if _is_postgres():
        return _vector_match(queryset, tsquery_text(parsed))
    for term in parsed.terms:
        word = f" {term} "
        queryset = queryset.filter(Q(folded_title__contains=word) | Q(folded_text__contains=word))
    for phrase in parsed.phrases:
        words = f" {' '.join(phrase)} "
        queryset = queryset.filter(Q(folded_title__contains=words) | Q(folded_text__contains=words))
    return queryset


def _candidate_ids(parsed, scope):
    """(ids of the most recent matches and title matches, whether there were more)."""
    matching = _matching(parsed, scope).order_by("-date", "-id")
    recent = list(matching.values_list("id", flat=True)[: CANDIDATES + 1])
    more = len(recent) > CANDIDATES
    ids = dict.fromkeys(recent[:CANDIDATES])
    if more:
        in_title = _scoped(scope)
        if _is_postgres():
            in_title = in_title.extra(
                where=["title_vector @@ to_tsquery('simple', %s)"], params=[tsquery_text(parsed)]
            )
        else:
            for word in parsed.all_words:
                in_title = in_title.filter(folded_title__contains=f" {word} ")
        ids.update(
            dict.fromkeys(
                in_title.order_by("-date", "-id").values_list("id", flat=True)[:TITLE_CANDIDATES]
            )
        )
    return list(ids), more


def _ranked_postgres(parsed, ids):
    rank = RawSQL(  # noqa: S611 -- constants and one bound parameter
        f"ts_rank('{RANK_WEIGHTS}', search_vector, to_tsquery('simple', %s))"
        f" / (1.0 + extract(epoch from (now() - coalesce(date, now()))) / {SECONDS_PER_YEAR})",
        [tsquery_text(parsed)],
    )
    title_match = RawSQL("title_vector @@ to_tsquery('simple', %s)", [tsquery_text(parsed)])
    return (
        SearchEntry.objects.filter(id__in=ids)
        .annotate(title_match=title_match, rank=rank)
        .order_by("-title_match", "-rank", "-date", "-id")
    )


def _ranked_sqlite(parsed, ids):
    title_match = Q()
    for word in parsed.all_words:
        title_match &= Q(folded_title__contains=f" {word} ")
    return (
        SearchEntry.objects.filter(id__in=ids)
        .annotate(
            title_match=Case(
                When(title_match, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-title_match", "-date", "-id")
    )


def search(parsed, scope, *, offset, limit, with_facets=True):
    """(entries for the page, total, more, facets {field: [(value, count)]}).

    ``more`` is True when the query has more than CANDIDATES matches; ``total`` is then the
    number of candidates.
    """
    ids, more = _candidate_ids(parsed, scope)
    if not ids:
        return [], 0, False, {}
    facets = facet_counts(ids) if with_facets else {}
    ranked = _ranked_postgres(parsed, ids) if _is_postgres() else _ranked_sqlite(parsed, ids)
    entries = list(ranked.defer("folded_text", "folded_title")[offset : offset + limit])
    attach_sites(entries)
    return entries, len(ids), more, facets


def attach_sites(entries):
    """Each entry's Site in one query (a join would let the planner loop over every site)."""
    sites = Site.objects.in_bulk({entry.site_id for entry in entries})
    for entry in entries:
        entry.site = sites[entry.site_id]


def _sorted_rows(rows):
    return sorted(rows, key=lambda row: (-row[1], str(row[0])))


def facet_counts(ids):
    """{field: [(value, count)]} of the entries ``ids``: one pass on PostgreSQL."""
    candidates = SearchEntry.objects.filter(id__in=ids)
    if not _is_postgres():
        facets = {}
        for field in FACET_FIELDS:
            rows = (
                candidates.order_by()
                .values_list(field)
                .annotate(count=Count("id"))
                .filter(**{f"{field}__isnull": False})
            )
            facets[field] = _sorted_rows(rows)
        return facets
    columns = ", ".join(FACET_FIELDS)
    grouped = ", ".join(f"GROUPING({field})" for field in FACET_FIELDS)
    sets = ", ".join(f"({field})" for field in FACET_FIELDS)
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, {grouped}, count(*) FROM {table} WHERE id = ANY(%s)"  # noqa: S608 -- names are constants
            f" GROUP BY GROUPING SETS ({sets})",
            [list(ids)],
        )
        rows = cursor.fetchall()
    width = len(FACET_FIELDS)
    facets = {field: [] for field in FACET_FIELDS}
    for row in rows:
        values, flags, count = row[:width], row[width : 2 * width], row[-1]
        index = list(flags).index(0)
        if values[index] is not None:
            facets[FACET_FIELDS[index]].append((values[index], count))
    return {field: _sorted_rows(rows) for field, rows in facets.items()}


def exists(parsed, scope):
    return _matching(parsed, scope).exists()


def autocomplete(parsed, scope, *, limit):
    """Titles that contain every word typed, the last one as a prefix; recent first."""
    queryset = _scoped(scope)
    words = list(parsed.all_words)
    if _is_postgres():
        queryset = _vector_match(queryset, title_prefix_tsquery_text(words))
    else:
        for word in words[:-1]:
            queryset = queryset.filter(folded_title__contains=f" {word} ")
        queryset = queryset.filter(folded_title__contains=f" {words[-1]}")
    entries = list(queryset.order_by("-date", "-id").only("title", "url", "site_id")[:limit])
    attach_sites(entries)
    return entries


def vocabulary(scope, *, sample=2000):
    """Words of recent titles in the scope, for "did you mean"."""
    titles = _scoped(scope).order_by("-date").values_list("folded_title", flat=True)[:sample]
    return {word for title in titles for word in title.split() if len(word) > 1}
