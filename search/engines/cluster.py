"""The cluster engine: the public search on Elasticsearch 8 or OpenSearch 2/3.

Chosen by SEARCH_BACKEND=elasticsearch|opensearch (search/config.py). The database's
SearchEntry rows stay the source of truth (what is public is decided there, see
search/services.py); this engine mirrors them into one index, ``<prefix>_entries``, and
answers the public search from it with the same behaviour as the database engine:

- Vietnamese folding: ``vi_folding`` (lower-case + ASCII folding, đ → d; or ICU) on the
  title and text, ``vi_folding_edge`` on ``title.prefix`` for autocomplete;
- every term required, quoted phrases as phrase queries, title matches first (a constant
  boost the body cannot reach), then relevance decayed by age (a year's half-life);
- facets (site, administrative unit, content type, year) as terms aggregations;
- the highlighted snippet from the cluster's highlighter (``text`` fragments with <mark>).

The request bodies are built with elasticsearch-dsl (``elasticsearch.dsl``, part of the
Elasticsearch client since 8.18) and sent with the client of the cluster's flavour
(``elasticsearch`` or ``opensearch-py``), so the same body serves both. Building is tested
without a server (tests/search/test_cluster_engine.py); nothing here runs unless the
cluster is configured.
"""

import functools
import hashlib
import json
import logging

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch.dsl import A, Index, Mapping, Q, Search
from elasticsearch.dsl import function as score_function
from elasticsearch.dsl.field import Date, Integer, Keyword, Text

from search.config import folding_analysis
from search.models import SearchEntry

logger = logging.getLogger(__name__)

FACET_FIELDS = ("site_id", "unit_id", "content_label", "year")
FACET_SIZE = 200
TITLE_BOOST = 1000.0  # a title match outranks any body-only match
MAX_RESULT_WINDOW = 10_000
FRAGMENT_SIZE = 220
BULK_TIMEOUT = 120  # seconds


def options():
    return settings.PORTAL_SEARCH_ELASTIC


def index_name():
    return f"{options().get('prefix', 'portal')}_entries"


def entry_mapping():
    # No length norms: as PostgreSQL's ts_rank (which the database engine uses), a word counts
    # by how often it occurs, not by how short the title or text around it is; otherwise a
    # bare section title ("Tuyển sinh") outranks the article that is about the admissions.
    mapping = Mapping()
    mapping.field(
        "title",
        Text(
            analyzer="vi_folding",
            norms=False,
            fields={
                "prefix": Text(analyzer="vi_folding_edge", search_analyzer="vi_folding"),
            },
        ),
    )
    mapping.field("text", Text(analyzer="vi_folding", norms=False))
    for name in ("kind", "content_label", "url"):
        mapping.field(name, Keyword())
    for name in ("entry_id", "site_id", "unit_id", "school_id", "year"):
        mapping.field(name, Integer())
    mapping.field("date", Date())
    # A digest of the fields above, read back by the mirror check (search.services).
    mapping.field("checksum", Keyword(index=False))
    return mapping


def index_body(*, icu=None):
    """Settings and mappings of the entries index."""
    icu = options().get("icu", False) if icu is None else icu
    index = Index(index_name())
    index.settings(
        number_of_shards=1,
        max_result_window=MAX_RESULT_WINDOW,
        analysis=folding_analysis(icu=icu),
    )
    index.mapping(entry_mapping())
    return index.to_dict()


MIRRORED_FIELDS = (
    "kind",
    "title",
    "text",
    "url",
    "content_label",
    "site_id",
    "unit_id",
    "school_id",
    "year",
    "date",
)


def entry_fields(entry):
    """The public fields of a SearchEntry as the cluster keeps them."""
    return {
        "kind": entry.kind,
        "title": entry.title,
        "text": entry.text,
        "url": entry.url,
        "content_label": entry.content_label,
        "site_id": entry.site_id,
        "unit_id": entry.unit_id,
        "school_id": entry.school_id,
        "year": entry.year,
        "date": entry.date.isoformat() if entry.date else None,
    }


def checksum(fields):
    """A digest of the mirrored fields: equal digests, equal documents."""
    payload = json.dumps([fields[name] for name in MIRRORED_FIELDS], ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def entry_document(entry):
    """The cluster's copy of a SearchEntry: public fields only (the row is public already),
    with its id and the digest the mirror check compares."""
    fields = entry_fields(entry)
    return {**fields, "entry_id": entry.pk, "checksum": checksum(fields)}


def _filters(scope):
    filters = []
    if scope.site_ids is not None:
        filters.append(Q("terms", site_id=list(scope.site_ids)))
    for field_name, value in scope.filters.items():
        filters.append(Q("term", **{field_name: value}))
    return filters


def _text_match(parsed, fields):
    """Every term (anywhere in ``fields``) and every phrase (within one field)."""
    musts = []
    if parsed.terms:
        musts.append(
            Q(
                "multi_match",
                query=" ".join(parsed.terms),
                fields=fields,
                type="cross_fields",
                operator="and",
            )
        )
    for phrase in parsed.phrases:
        musts.append(Q("multi_match", query=" ".join(phrase), fields=fields, type="phrase"))
    return musts


def _in_title(parsed):
    parts = [Q("match", title={"query": " ".join(parsed.terms), "operator": "and"})]
    parts = parts if parsed.terms else []
    parts += [Q("match_phrase", title=" ".join(phrase)) for phrase in parsed.phrases]
    return Q("bool", must=parts)


def build_search(parsed, scope, *, offset, limit, with_facets=True):
    relevance = Q(
        "bool",
        must=_text_match(parsed, ["title^5", "text"]),
        filter=_filters(scope),
        should=[Q("constant_score", filter=_in_title(parsed), boost=TITLE_BOOST)],
    )
    query = Q(
        "function_score",
        query=relevance,
        functions=[
            score_function.SF(
                "gauss", date={"origin": "now", "scale": "365d", "decay": 0.5}, weight=1
            )
        ],
        boost_mode="multiply",
        score_mode="multiply",
    )
    search = Search(index=index_name()).query(query)
    search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    search = search.extra(from_=offset, size=limit, track_total_hits=MAX_RESULT_WINDOW)
    search = search.source(False)
    search = search.highlight_options(
        pre_tags=["\x02"],
        post_tags=["\x03"],
        fragment_size=FRAGMENT_SIZE,
        number_of_fragments=1,
        no_match_size=FRAGMENT_SIZE,
        encoder="default",
    ).highlight("text")
    if with_facets:
        for field_name in FACET_FIELDS:
            search.aggs.bucket(field_name, A("terms", field=field_name, size=FACET_SIZE))
    return search


def build_exists(parsed, scope):
    return (
        Search(index=index_name())
        .query(Q("bool", must=_text_match(parsed, ["title", "text"]), filter=_filters(scope)))
        .extra(size=0, terminate_after=1, track_total_hits=1)
    )


def build_autocomplete(parsed, scope, *, limit):
    words = list(parsed.all_words)
    return (
        Search(index=index_name())
        .query(
            Q(
                "bool",
                must=[
                    Q("match", **{"title.prefix": {"query": " ".join(words), "operator": "and"}})
                ],
                filter=_filters(scope),
            )
        )
        .sort({"date": {"order": "desc", "missing": "_last"}})
        .extra(size=limit)
        .source(False)
    )


def build_vocabulary(scope, *, sample=2000):
    return (
        Search(index=index_name())
        .query(Q("bool", filter=_filters(scope)))
        .sort({"date": {"order": "desc", "missing": "_last"}})
        .extra(size=sample)
        .source(["title"])
    )


def snippet_html(fragment):
    """A highlighter fragment (marks as \\x02…\\x03) as safe HTML with <mark>."""
    text = " ".join(fragment.split()).replace("\x03 \x02", " ")  # "đăng ký" is one mark
    html = escape(text).replace("\x02", "<mark>").replace("\x03", "</mark>")
    return mark_safe(html)  # noqa: S308 -- the text is escaped; only our marks are added


def facets_from_aggregations(aggregations):
    """{field: [(value, count)]} from a response's aggregations."""
    facets = {}
    for field_name in FACET_FIELDS:
        buckets = (aggregations or {}).get(field_name, {}).get("buckets", [])
        facets[field_name] = [(bucket["key"], bucket["doc_count"]) for bucket in buckets]
    return facets


def entries_from_hits(hits):
    """The SearchEntry rows of ``hits``, in the cluster's order, each with its site and the
    cluster's snippet (rows deleted since they were indexed are skipped)."""
    from search.engines.database import attach_sites

    ids = [int(hit["_id"]) for hit in hits]
    rows = SearchEntry.objects.defer("folded_text", "folded_title").in_bulk(ids)
    entries = []
    for hit in hits:
        entry = rows.get(int(hit["_id"]))
        if entry is None:
            continue
        fragments = hit.get("highlight", {}).get("text", [])
        entry.snippet_html = snippet_html(fragments[0]) if fragments else None
        entries.append(entry)
    attach_sites(entries)
    return entries


# Talking to the cluster -------------------------------------------------------------------


def client(timeout=5):
    """A client over every node of SEARCH_URL: a request that fails on one node is tried once
    on each other node (not again on the same one: a reader then gets the database's answer,
    see search.engines.ClusterWithFallback, rather than wait). One client per process and
    configuration: it keeps its connections open (a new client per query costs a TCP
    connection each time)."""
    config = options()
    return _client(config.get("flavour"), tuple(_urls(config)), timeout)


@functools.lru_cache(maxsize=8)
def _client(flavour, urls, timeout):
    urls = list(urls)
    retries = len(urls) - 1
    if flavour == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(hosts=urls, timeout=timeout, max_retries=retries, retry_on_timeout=True)
    from elasticsearch import Elasticsearch

    return Elasticsearch(urls, request_timeout=timeout, max_retries=retries, retry_on_timeout=True)


def writer():
    """The client for background writes and index management (tasks, the rebuild, the mirror
    check), never for a reader: it may wait (a busy node takes seconds to create an index or
    to take 2,000 documents; a request that timed out and was retried on another node would
    run twice)."""
    return client(timeout=BULK_TIMEOUT)


def unavailable_errors():
    """The client's errors for a cluster that cannot be reached or answers with an error."""
    if options().get("flavour") == "opensearch":
        from opensearchpy.exceptions import ConnectionError, TransportError

        return (ConnectionError, TransportError)
    from elasticsearch import ApiError, TransportError

    return (ApiError, TransportError)


def _urls(config):
    return config.get("urls") or [config["url"]]


def _total(hits):
    """hits.total: {"value": n, "relation": …} (Elasticsearch 7+, OpenSearch) or a number."""
    return hits["total"]["value"] if isinstance(hits["total"], dict) else hits["total"]


def _run(search):
    return client().search(index=index_name(), body=search.to_dict())


def search(parsed, scope, *, offset, limit, with_facets=True):
    response = _run(
        build_search(parsed, scope, offset=offset, limit=limit, with_facets=with_facets)
    )
    hits = response["hits"]
    total = _total(hits)
    more = isinstance(hits["total"], dict) and hits["total"].get("relation") == "gte"
    facets = facets_from_aggregations(response.get("aggregations")) if with_facets else {}
    return entries_from_hits(hits["hits"]), total, more, facets


def exists(parsed, scope):
    return _total(_run(build_exists(parsed, scope))["hits"]) > 0


def autocomplete(parsed, scope, *, limit):
    response = _run(build_autocomplete(parsed, scope, limit=limit))
    return entries_from_hits(response["hits"]["hits"])


def vocabulary(scope, *, sample=2000):
    from search.text import fold_words

    response = _run(build_vocabulary(scope, sample=sample))
    titles = [hit["_source"].get("title", "") for hit in response["hits"]["hits"]]
    return {word for title in titles for word in fold_words(title) if len(word) > 1}


def bulk_actions(entries):
    for entry in entries:
        yield {
            "_op_type": "index",
            "_index": index_name(),
            "_id": entry.pk,
            "_source": entry_document(entry),
        }


def sync_entries(ids):
    """Bring the cluster in step with the rows ``ids``: index those that exist, delete the
    others."""
    ids = set(ids)
    entries = list(SearchEntry.objects.filter(pk__in=ids))
    gone = ids - {entry.pk for entry in entries}
    actions = list(bulk_actions(entries))
    actions += [{"_op_type": "delete", "_index": index_name(), "_id": pk} for pk in gone]
    _bulk(actions)


def _bulk(actions):
    if not actions:
        return
    if options().get("flavour") == "opensearch":
        from opensearchpy.helpers import bulk
    else:
        from elasticsearch.helpers import bulk
    refresh = options().get("refresh", False)
    _ok, errors = bulk(writer(), actions, raise_on_error=False, refresh=refresh)
    # A delete of a document already gone is fine; anything else is left to the mirror check.
    failed = [error for error in errors if _error_status(error) != 404]
    if failed:
        logger.warning("Search cluster refused %d of %d writes", len(failed), len(actions))


# Reading the mirror back (search.services.search_mirror_repair) ---------------------------


def mirrored_site_counts(*, page_size=1000):
    """{site_id: number of documents} over the whole index (a composite aggregation, paged,
    so that 60,000 school sites are no problem)."""
    cluster = writer()
    counts, after = {}, None
    while True:
        source = {"sites": {"terms": {"field": "site_id", "missing_bucket": True}}}
        composite = {"size": page_size, "sources": [source]}
        if after:
            composite["after"] = after
        body = {"size": 0, "aggs": {"sites": {"composite": composite}}}
        result = cluster.search(index=index_name(), body=body)["aggregations"]["sites"]
        for bucket in result["buckets"]:
            counts[bucket["key"]["sites"]] = bucket["doc_count"]
        after = result.get("after_key")
        if not result["buckets"] or after is None:
            return counts


def mirrored_digests(site_id, *, page_size=5000):
    """{entry id: checksum} of the documents of one site (None for a site-less document; a
    checksum is None on a document written before digests existed)."""
    cluster = writer()
    if site_id is None:
        query = {"bool": {"must_not": [{"exists": {"field": "site_id"}}]}}
    else:
        query = {"bool": {"filter": [{"term": {"site_id": site_id}}]}}
    digests, after = {}, None
    while True:
        body = {
            "query": query,
            "size": page_size,
            "sort": [{"entry_id": {"order": "asc", "unmapped_type": "integer"}}, "_doc"],
            "_source": False,
            "docvalue_fields": ["checksum"],
            "track_total_hits": False,
        }
        if after:
            body["search_after"] = after
        hits = cluster.search(index=index_name(), body=body)["hits"]["hits"]
        for hit in hits:
            digests[int(hit["_id"])] = (hit.get("fields", {}).get("checksum") or [None])[0]
        if len(hits) < page_size:
            return digests
        after = hits[-1]["sort"]


def refresh():
    writer().indices.refresh(index=index_name())


def create_index(*, replace=False):
    """Create the entries index (settings and mapping); with ``replace``, drop it first."""
    cluster = writer()
    if cluster.indices.exists(index=index_name()):
        if not replace:
            return
        cluster.indices.delete(index=index_name())
    cluster.indices.create(index=index_name(), body=index_body())


def _error_status(error):
    return next(iter(error.values()), {}).get("status")


def rebuild(*, progress=None, chunk=1000):
    """Recreate the index and load every SearchEntry."""
    cluster = writer()
    create_index(replace=True)
    total = SearchEntry.objects.count()
    done = 0
    batch = []
    for entry in SearchEntry.objects.order_by("pk").iterator(chunk_size=chunk):
        batch.append(entry)
        if len(batch) >= chunk:
            _bulk(list(bulk_actions(batch)))
            done += len(batch)
            batch = []
            if progress:
                progress(done)
    _bulk(list(bulk_actions(batch)))
    if progress:
        progress(total)
    cluster.indices.refresh(index=index_name())
