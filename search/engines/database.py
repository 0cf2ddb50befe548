"""The database engine: PostgreSQL full-text search, or folded-word matching on SQLite.

Both match whole folded words ("dang" matches "Đăng", not "Đăngký"), require every term and
every quoted phrase, and rank title matches first, then recent items.
"""

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from search.models import SearchEntry

FACET_FIELDS = ("site_id", "unit_id", "content_label", "year")
# ts_rank weights for {D, C, B, A}: a title (A) match counts five times a body (B) match.
RANK_WEIGHTS = "{0.05, 0.1, 0.2, 1.0}"
SECONDS_PER_YEAR = 31_536_000.0


def _is_postgres():
    return connection.vendor == "postgresql"


def tsquery_text(parsed):
    """A to_tsquery() string: terms joined by &, phrases with <->. Words are [a-z0-9]+ only."""
    parts = list(parsed.terms)
    parts += ["(" + " <-> ".join(phrase) + ")" for phrase in parsed.phrases]
    return " & ".join(parts)


def title_tsquery_text(parsed):
    """The same query restricted to the title (weight A)."""
    parts = [f"{term}:A" for term in parsed.terms]
    parts += ["(" + " <-> ".join(f"{word}:A" for word in phrase) + ")" for phrase in parsed.phrases]
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
    return queryset


def _matching(parsed, scope):
    queryset = _scoped(scope)
    if _is_postgres():
        return queryset.extra(  # noqa: S610 -- the parameter is bound, not interpolated
            where=["search_vector @@ to_tsquery('simple', %s)"], params=[tsquery_text(parsed)]
        )
    for term in parsed.terms:
        word = f" {term} "
        queryset = queryset.filter(Q(folded_title__contains=word) | Q(folded_text__contains=word))
    for phrase in parsed.phrases:
        words = f" {' '.join(phrase)} "
        queryset = queryset.filter(Q(folded_title__contains=words) | Q(folded_text__contains=words))
    return queryset


def _ranked(queryset, parsed):
    if _is_postgres():
        rank = RawSQL(  # noqa: S611 -- constants and one bound parameter
            f"ts_rank('{RANK_WEIGHTS}', search_vector, to_tsquery('simple', %s))"
            f" / (1.0 + extract(epoch from (now() - coalesce(date, now()))) / {SECONDS_PER_YEAR})",
            [tsquery_text(parsed)],
        )
        in_title = RawSQL("search_vector @@ to_tsquery('simple', %s)", [title_tsquery_text(parsed)])
        return queryset.annotate(title_match=in_title, rank=rank).order_by(
            "-title_match", "-rank", "-date", "-id"
        )
    title_words = [f" {term} " for term in parsed.all_words]
    title_match = Q()
    for word in title_words:
        title_match &= Q(folded_title__contains=word)
    return queryset.annotate(
        title_match=Case(
            When(title_match, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("-title_match", "-date", "-id")


def search(parsed, scope, *, offset, limit, with_facets=True):
    """(entries for the page, total count, facets {field: [(value, count)]})."""
    matching = _matching(parsed, scope)
    total = matching.count()
    entries = []
    if total and offset < total:
        entries = list(
            _ranked(matching, parsed)
            .select_related("site")
            .defer("folded_text", "folded_title")[offset : offset + limit]
        )
    facets = facet_counts(matching) if with_facets and total else {}
    return entries, total, facets


def facet_counts(matching):
    facets = {}
    for field in FACET_FIELDS:
        rows = (
            matching.order_by()
            .values_list(field)
            .annotate(count=Count("id"))
            .filter(**{f"{field}__isnull": False})
        )
        facets[field] = sorted(rows, key=lambda row: (-row[1], str(row[0])))
    return facets


def count(parsed, scope):
    return _matching(parsed, scope).count()


def autocomplete(parsed, scope, *, limit):
    """Titles that contain every word typed, the last one as a prefix; recent first."""
    queryset = _scoped(scope)
    if _is_postgres():
        queryset = queryset.extra(  # noqa: S610 -- bound parameter
            where=["search_vector @@ to_tsquery('simple', %s)"],
            params=[title_prefix_tsquery_text(list(parsed.all_words))],
        )
    else:
        words = list(parsed.all_words)
        for word in words[:-1]:
            queryset = queryset.filter(folded_title__contains=f" {word} ")
        if words:
            queryset = queryset.filter(folded_title__contains=f" {words[-1]}")
    return list(queryset.order_by("-date", "-id").select_related("site")[:limit])


def vocabulary(scope, *, sample=2000):
    """Words of recent titles in the scope, for "did you mean"."""
    titles = _scoped(scope).order_by("-date").values_list("folded_title", flat=True)[:sample]
    return {word for title in titles for word in title.split() if len(word) > 1}
