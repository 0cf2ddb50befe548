"""The public search on Elasticsearch/OpenSearch: configuration, index and request bodies.

No cluster runs here, so these tests check what the engine would send (built with
elasticsearch-dsl) and how it reads rows back, not a live cluster's answers.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings
from django_tasks import default_task_backend

from portal.settings.env import Env
from search import services
from search.config import search_settings
from search.engines import ClusterWithFallback, cluster, get_engine
from search.models import SearchEntry
from search.selectors import Scope
from search.signals import paused_cluster_sync
from search.text import parse_query
from tests.search.conftest import article

CLUSTER = {"url": "http://search:9200", "flavour": "elasticsearch", "icu": False, "prefix": "sgd"}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _find(node, key):
    """Every value under ``key`` anywhere in a nested body."""
    found = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found.append(value)
            found.extend(_find(value, key))
    elif isinstance(node, list):
        for value in node:
            found.extend(_find(value, key))
    return found


@pytest.fixture
def on_cluster():
    with override_settings(PORTAL_SEARCH_ENGINE="cluster", PORTAL_SEARCH_ELASTIC=CLUSTER):
        yield


class TestConfiguration:
    @pytest.mark.parametrize("flavour", ["elasticsearch", "opensearch"])
    def test_a_cluster_backend_moves_the_public_search_too(self, flavour):
        env = Env({"SEARCH_BACKEND": flavour, "SEARCH_URL": "http://search:9200"})
        _backends, engine, options = search_settings(env)
        assert engine == "cluster"
        assert options == {
            "url": "http://search:9200",
            "urls": ["http://search:9200"],
            "flavour": flavour,
            "icu": False,
            "prefix": "portal",
            "refresh": False,
        }

    def test_several_nodes_and_a_refresh_policy(self):
        env = Env(
            {
                "SEARCH_BACKEND": "opensearch",
                "SEARCH_URL": "http://search-1:9200, http://search-2:9200",
                "SEARCH_REFRESH": "wait_for",
            }
        )
        backends, _engine, options = search_settings(env)
        assert options["urls"] == ["http://search-1:9200", "http://search-2:9200"]
        assert backends["default"]["URLS"] == options["urls"]
        assert options["refresh"] == "wait_for"
        with pytest.raises(ImproperlyConfigured, match="SEARCH_REFRESH"):
            search_settings(Env({**env.environ, "SEARCH_REFRESH": "sometimes"}))

    def test_the_public_search_may_stay_on_the_database(self):
        env = Env(
            {
                "SEARCH_BACKEND": "opensearch",
                "SEARCH_URL": "http://search:9200",
                "SEARCH_PUBLIC_ENGINE": "database",
            }
        )
        assert search_settings(env)[1] == "database"
        with pytest.raises(ImproperlyConfigured, match="SEARCH_PUBLIC_ENGINE"):
            search_settings(Env({**env.environ, "SEARCH_PUBLIC_ENGINE": "solr"}))

    def test_engine_and_client_follow_the_settings(self, on_cluster):
        from elasticsearch import Elasticsearch
        from opensearchpy import OpenSearch

        assert isinstance(get_engine(), ClusterWithFallback)
        assert isinstance(cluster.client(), Elasticsearch)
        with override_settings(PORTAL_SEARCH_ELASTIC={**CLUSTER, "flavour": "opensearch"}):
            assert isinstance(cluster.client(), OpenSearch)
        with override_settings(PORTAL_SEARCH_ENGINE="database"):
            assert not isinstance(get_engine(), ClusterWithFallback)


class TestIndex:
    def test_vietnamese_folding_on_titles_and_text(self, on_cluster):
        body = cluster.index_body()
        analysis = body["settings"]["analysis"]
        assert analysis["analyzer"]["vi_folding"]["filter"] == ["lowercase", "asciifolding"]
        properties = body["mappings"]["properties"]
        assert properties["title"]["analyzer"] == "vi_folding"
        assert properties["title"]["fields"]["prefix"] == {
            "type": "text",
            "analyzer": "vi_folding_edge",
            "search_analyzer": "vi_folding",
        }
        # No length norms on either (ranked like ts_rank: by occurrences, not field length).
        assert properties["text"] == {"type": "text", "analyzer": "vi_folding", "norms": False}
        assert properties["title"]["norms"] is False
        assert properties["content_label"]["type"] == "keyword"
        assert {properties[name]["type"] for name in ("site_id", "unit_id", "year")} == {"integer"}
        assert cluster.index_name() == "sgd_entries"

    def test_icu_when_the_plugin_is_there(self, on_cluster):
        analyzer = cluster.index_body(icu=True)["settings"]["analysis"]["analyzer"]
        assert analyzer["vi_folding"]["tokenizer"] == "icu_tokenizer"
        assert analyzer["vi_folding"]["filter"] == ["icu_folding"]


class TestRequests:
    def test_terms_phrases_scope_facets_and_snippets(self, on_cluster):
        parsed = parse_query('Tuyển sinh "lớp 10"')
        scope = Scope(site_ids=[3, 7], filters={"content_label": "Tin tức", "year": 2025})

        body = cluster.build_search(parsed, scope, offset=20, limit=10).to_dict()

        relevance = body["query"]["function_score"]["query"]["bool"]
        assert relevance["must"][0]["multi_match"] == {
            "query": "tuyen sinh",
            "fields": ["title^5", "text"],
            "type": "cross_fields",
            "operator": "and",
        }
        assert relevance["must"][1]["multi_match"]["type"] == "phrase"
        assert relevance["must"][1]["multi_match"]["query"] == "lop 10"
        assert {"terms": {"site_id": [3, 7]}} in relevance["filter"]
        assert {"term": {"content_label": "Tin tức"}} in relevance["filter"]
        assert {"term": {"year": 2025}} in relevance["filter"]
        title_first = relevance["should"][0]["constant_score"]
        assert title_first["boost"] == cluster.TITLE_BOOST
        assert _find(title_first, "match_phrase") == [{"title": "lop 10"}]
        decay = body["query"]["function_score"]["functions"][0]["gauss"]["date"]
        assert decay["scale"] == "365d"
        assert body["from"] == 20 and body["size"] == 10
        assert set(body["aggs"]) == set(cluster.FACET_FIELDS)
        assert body["aggs"]["site_id"] == {
            "terms": {"field": "site_id", "size": cluster.FACET_SIZE}
        }
        assert "text" in body["highlight"]["fields"]

    def test_portal_scope_has_no_site_filter_and_facets_are_optional(self, on_cluster):
        parsed = parse_query("dang ky")
        body = cluster.build_search(
            parsed, Scope(site_ids=None), offset=0, limit=10, with_facets=False
        ).to_dict()
        assert _find(body, "terms") == []
        assert "aggs" not in body

    def test_autocomplete_matches_title_prefixes_recent_first(self, on_cluster):
        body = cluster.build_autocomplete(
            parse_query("tuyen sinh lo"), Scope(site_ids=[3]), limit=8
        ).to_dict()
        assert _find(body, "title.prefix") == [{"query": "tuyen sinh lo", "operator": "and"}]
        assert body["sort"] == [{"date": {"order": "desc", "missing": "_last"}}]
        assert body["size"] == 8

    def test_exists_stops_at_the_first_match(self, on_cluster):
        body = cluster.build_exists(parse_query("hoc phi"), Scope(site_ids=None)).to_dict()
        assert body["size"] == 0 and body["terminate_after"] == 1


@pytest.mark.django_db
class TestMirroring:
    def test_documents_carry_public_fields_only(self, portal, on_cluster):
        entry = SearchEntry.objects.filter(kind="page").exclude(text="").first()
        document = cluster.entry_document(entry)
        assert set(document) == {
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
            "entry_id",
            "checksum",
        }
        assert document["entry_id"] == entry.pk
        entry.title += " (sửa)"
        assert cluster.entry_document(entry)["checksum"] != document["checksum"]
        assert document["title"] != entry.title and document["site_id"] == entry.site_id

    def test_hits_become_rows_in_cluster_order_and_stale_hits_are_dropped(self, portal, on_cluster):
        first, second = SearchEntry.objects.order_by("pk")[:2]
        hits = [
            {"_id": str(second.pk), "highlight": {"text": ["Lịch \x02tuyển sinh\x03 <b>"]}},
            {"_id": "999999999"},  # deleted from the database since: never shown
            {"_id": str(first.pk)},
        ]
        entries = cluster.entries_from_hits(hits)
        assert [entry.pk for entry in entries] == [second.pk, first.pk]
        assert entries[0].snippet_html == "Lịch <mark>tuyển sinh</mark> &lt;b&gt;"
        assert entries[1].snippet_html is None
        assert entries[0].site.pk == second.site_id

    def test_written_and_deleted_entries_are_queued_for_the_cluster(
        self, portal, news_index, on_cluster
    ):
        with override_settings(PORTAL_SEARCH_ENGINE="database"):
            page = article(news_index, "Thông báo lịch nghỉ Tết")
        entry = SearchEntry.objects.get(page=page)

        def queued():
            return [
                result.args[0]
                for result in default_task_backend.results
                if result.task.name == "sync_cluster_entries"
            ]

        with override_settings(TASKS=DUMMY_TASKS):
            default_task_backend.clear()
            with TestCase.captureOnCommitCallbacks(execute=True):
                services.entry_sync_page(page=page)  # an update: one batch
            assert queued() == [[entry.pk]]
            with TestCase.captureOnCommitCallbacks(execute=True):
                services.entry_remove_page(page_id=page.pk)
            assert queued() == [[entry.pk], [entry.pk]]
            with TestCase.captureOnCommitCallbacks(execute=True), paused_cluster_sync():
                services.entry_sync_page(page=page)
            assert len(queued()) == 2  # a rebuild reloads everything: nothing queued

    def test_nothing_is_queued_on_the_database_engine(self, portal, news_index):
        with override_settings(TASKS=DUMMY_TASKS):
            default_task_backend.clear()
            article(news_index, "Thông báo lịch thi")
            names = [result.task.name for result in default_task_backend.results]
        assert "sync_cluster_entries" not in names
