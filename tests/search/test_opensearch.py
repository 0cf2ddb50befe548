"""The public search and Wagtail's admin index on a real OpenSearch node.

The node is OpenSearch's integration-test distribution from Maven Central, fetched and started
once per test session (tests/opensearch.py). Every test gets fresh indexes, under a prefix of
its own, and runs with SEARCH_BACKEND=opensearch as production would: the public search on the
cluster engine (search/engines/cluster.py), Wagtail's admin search on Wagtail's OpenSearch
backend, SearchEntry rows mirrored into the cluster after each commit.

The public query suite is the one that runs on PostgreSQL and SQLite (test_public_search.py),
imported here rather than copied. Left out: the test of the database engine's candidate
limit (the cluster has none) and the one that checks no rows exist for private content (a
property of the rows, not of an engine).
"""

import io
import uuid

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models

from portal.settings.env import Env
from search.config import search_settings
from search.engines import cluster
from tests.search.test_public_search import (  # noqa: F401 -- collected and run here too
    test_a_moved_page_follows_its_new_school,
    test_autocomplete_suggests_titles_from_a_prefix,
    test_bad_input_gets_a_vietnamese_message_and_4xx,
    test_draft_changes_and_form_submissions_are_not_searchable,
    test_every_word_must_match,
    test_matching_ignores_diacritics_and_case,
    test_no_results_suggests_a_correction,
    test_page_is_accessible_and_works_without_javascript,
    test_pagination_keeps_the_query_in_the_url,
    test_portal_search_covers_every_school_and_facets_narrow,
    test_promotions_shown_for_the_query_with_or_without_diacritics,
    test_queries_are_counted_without_personal_data,
    test_query_count_does_not_grow_with_the_results,
    test_quoted_phrase_matches_the_words_together_only,
    test_school_search_is_limited_to_the_school,
    test_school_sections_created_at_provisioning_are_searchable,
    test_snippet_highlights_the_matched_words,
    test_title_matches_rank_before_body_matches_and_recent_first,
    test_unpublished_deleted_and_restricted_pages_never_appear,
)

pytestmark = pytest.mark.django_db


def opensearch_settings(url, prefix, **extra):
    env = Env(
        {
            "SEARCH_BACKEND": "opensearch",
            "SEARCH_URL": url,
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_REFRESH": "true",  # a test reads right after it writes
            **extra,
        }
    )
    return search_settings(env)


def create_wagtail_indexes():
    """What `manage.py update_index` does first: every indexed model's index and mapping."""
    backend = get_search_backend()
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        if not index.exists():
            index.put()
        index.add_model(model)
    return backend


@pytest.fixture(autouse=True)
def on_opensearch(opensearch_node, settings):
    prefix = f"t{uuid.uuid4().hex[:10]}"
    backends, engine, options = opensearch_settings(opensearch_node.url, prefix)
    settings.WAGTAILSEARCH_BACKENDS = backends
    settings.PORTAL_SEARCH_ENGINE = engine
    settings.PORTAL_SEARCH_ELASTIC = options
    create_wagtail_indexes()
    cluster.create_index()
    yield opensearch_node
    opensearch_node.request("DELETE", f"/{prefix}_*")  # the node's own URL: a test may
    # have pointed the settings at another cluster


def search(client, host="localhost", **params):
    return client.get("/tim-kiem/", params, HTTP_HOST=host)


def dead_url():
    """A loopback URL where nothing listens: what the app sees of a node that is down."""
    from tests.opensearch import free_port

    return f"http://127.0.0.1:{free_port()}"


def test_the_entries_index_is_built_as_the_engine_asks(on_opensearch):
    mapping = cluster.client().indices.get_mapping(index=cluster.index_name())
    properties = mapping[cluster.index_name()]["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "vi_folding"
    assert properties["title"]["fields"]["prefix"]["analyzer"] == "vi_folding_edge"
    assert properties["checksum"] == {"type": "keyword", "index": False}
    tokens = cluster.client().indices.analyze(
        index=cluster.index_name(), body={"analyzer": "vi_folding", "text": "Đăng ký Tuyển sinh"}
    )
    assert [token["token"] for token in tokens["tokens"]] == ["dang", "ky", "tuyen", "sinh"]


def test_wagtail_admin_search_folds_vietnamese_on_opensearch(portal, admin_client):
    from wagtail.models import Page

    get_search_backend().get_index_for_model(Page).refresh()
    response = admin_client.get("/admin/pages/search/", {"q": "dang ky"})
    assert response.status_code == 200
    found = {page.title for page in response.context["pages"]}
    assert "Hướng dẫn Đăng ký dự thi" in found
    # The same query through Wagtail's search API, straight on the OpenSearch index.
    results = Page.objects.search("tuyen sinh lop 10")
    assert [page.title for page in results][:1] == ["Tuyển sinh lớp 10 năm học 2026-2027"]
    assert "Tuyển sinh lớp 10 năm học 2026-2027" not in {
        page.title for page in Page.objects.search("hoi thao")
    }


def test_a_row_gone_before_the_mirror_catches_up_is_never_shown(portal, client):
    from search.models import SearchEntry
    from search.signals import paused_cluster_sync

    with paused_cluster_sync():  # the mirror's delete has not run (yet)
        SearchEntry.objects.filter(page_id=portal["dang_ky"].pk).delete()
    assert cluster.mirrored_site_counts()[portal["home"].get_site().pk] >= 2
    assert "Hướng dẫn Đăng ký dự thi" not in {
        result.title for result in search(client, q="dang ky").context["outcome"].results
    }
    autocomplete = client.get("/tim-kiem/goi-y/", {"q": "huong dan dang k"}).json()
    assert autocomplete == {"results": []}


def test_mirror_check_heals_a_lost_task_a_drift_and_a_stray(portal, client, settings):

    from search import services
    from search.models import SearchEntry
    from tests.search.conftest import article

    department = portal["home"].get_site().pk
    school_a = portal["school_a"].site.pk
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # Lost tasks: a new article's row is written, its mirroring task never runs; a row is
    # deleted, the delete never reaches the cluster.
    fresh = article(portal["news_index"], "Lịch thi tuyển sinh lớp 10 đợt hai", "Lịch thi.")
    services.entry_sync_page(page=fresh)
    lost = SearchEntry.objects.get(page_id=fresh.pk)
    gone = SearchEntry.objects.get(page_id=portal["b_news"].pk)
    gone_id = gone.pk
    gone.delete()
    # Drift: a row changed without any signal (a bulk update, a restored backup).
    drifted = SearchEntry.objects.get(page_id=portal["a_news"].pk)
    SearchEntry.objects.filter(pk=drifted.pk).update(title="Trường Nghĩa Lộ khai giảng")
    assert "Lịch thi tuyển sinh lớp 10 đợt hai" not in titles_of(search(client, q="lich thi"))

    report = services.search_mirror_repair(repair=False)
    by_site = {site.site_id: site for site in report.sites}
    assert by_site[department].missing == [lost.pk]
    assert by_site[department].database == by_site[department].cluster + 1
    assert by_site[portal["school_b"].site.pk].stray == [gone_id]
    assert by_site[school_a].drifted == [drifted.pk]
    assert report.total("missing") == 1 and report.total("stray") == 1
    assert report.total("drifted") == 1 and report.repaired == 0

    out = io.StringIO()
    check_mirror(stdout=out)
    assert "1 re-sent, 1 updated, 1 stray documents deleted" in out.getvalue()
    assert titles_of(search(client, q="lich thi dot hai")) == ["Lịch thi tuyển sinh lớp 10 đợt hai"]
    assert titles_of(search(client, host=portal["school_a"].site.hostname, q="khai giang")) == [
        "Trường Nghĩa Lộ khai giảng"
    ]
    assert cluster.mirrored_digests(portal["school_b"].site.pk).get(gone_id, "gone") == "gone"
    again = io.StringIO()
    check_mirror(stdout=again)
    assert "in step" in again.getvalue()
    assert services.search_mirror_repair(repair=False).in_step


def test_writes_while_the_cluster_is_down_are_healed(portal, client, settings):
    from django.core.management.base import CommandError

    from tests.search.conftest import article

    healthy = settings.PORTAL_SEARCH_ELASTIC
    settings.PORTAL_SEARCH_ELASTIC = {**healthy, "url": dead_url(), "urls": [dead_url()]}
    # An editor publishes while the search node is down: the publish succeeds, the mirroring
    # task fails (and is logged), and readers still get results, from the database.
    fresh = article(portal["news_index"], "Thông báo nghỉ học do mưa lũ", "Học sinh nghỉ học.")
    down = search(client, q="nghi hoc mua lu")
    assert down.status_code == 200
    assert titles_of(down) == [fresh.title]
    assert client.get("/tim-kiem/goi-y/", {"q": "thong bao nghi h"}).status_code == 200
    with pytest.raises(CommandError, match="does not answer"):
        check_mirror(stdout=io.StringIO())

    settings.PORTAL_SEARCH_ELASTIC = healthy  # the node is back, without the article
    assert titles_of(search(client, q="nghi hoc mua lu")) == []
    out = io.StringIO()
    check_mirror(stdout=out)
    assert "1 re-sent, 0 updated, 0 stray" in out.getvalue()
    assert titles_of(search(client, q="nghi hoc mua lu")) == [fresh.title]


def check_mirror(**kwargs):
    """The command, its messages in English (the source strings; Vietnamese in production)."""
    from django.core.management import call_command
    from django.utils import translation

    with translation.override("en"):
        call_command("check_search_mirror", **kwargs)


def titles_of(response):
    return [result.title for result in response.context["outcome"].results]


def test_a_two_node_cluster_keeps_answering_when_a_node_stops(portal, client, settings):
    """Two nodes, the entries index with one replica; the node holding the primary stops:
    the replica on the other node is promoted, searches keep their answers (the client
    moves to the node that is left) and new writes are acknowledged and found."""
    from tests.opensearch import start_cluster
    from tests.search.conftest import article

    manager, data = start_cluster(2)
    try:
        backends, engine, options = opensearch_settings(
            f"{data.url},{manager.url}", f"t{uuid.uuid4().hex[:10]}"
        )
        settings.PORTAL_SEARCH_ELASTIC = options
        cluster.rebuild()
        index = cluster.index_name()
        # The primary on the data node (the one that will stop), its replica on the other.
        manager.request(
            "PUT",
            f"/{index}/_settings",
            {"index": {"number_of_replicas": 0, "routing.allocation.require._name": data.name}},
        )
        manager.request("GET", f"/_cluster/health/{index}?wait_for_status=green&timeout=60s")
        manager.request(
            "PUT",
            f"/{index}/_settings",
            {"index": {"number_of_replicas": 1, "routing.allocation.require._name": None}},
        )
        health = manager.request(
            "GET",
            f"/_cluster/health/{index}?wait_for_status=green&wait_for_no_relocating_shards=true"
            "&timeout=60s",
            timeout=70,
        )
        assert health["status"] == "green" and health["active_shards"] == 2
        shards = manager.request("GET", f"/_cat/shards/{index}?format=json")
        assert {(shard["prirep"], shard["node"]) for shard in shards} == {
            ("p", data.name),
            ("r", manager.name),
        }
        before = search(client, q="tuyen sinh").context["outcome"]
        assert before.total == 6

        data.stop()
        during = search(client, q="tuyen sinh").context["outcome"]
        assert [result.title for result in during.results] == [
            result.title for result in before.results
        ]
        assert during.total == before.total  # the cluster's count: not the database fallback
        manager.request(
            "GET", f"/_cluster/health/{index}?wait_for_active_shards=1&timeout=60s", timeout=70
        )
        shards = manager.request("GET", f"/_cat/shards/{index}?format=json")
        assert ("p", "STARTED", manager.name) in {
            (shard["prirep"], shard["state"], shard["node"]) for shard in shards
        }
        fresh = article(portal["news_index"], "Tuyển sinh lớp 6 năm học mới", "Tuyển sinh.")
        assert fresh.title in titles_of(search(client, q="tuyen sinh lop 6"))
        from search import services

        assert services.search_mirror_repair(repair=False).in_step
    finally:
        for node in (manager, data):
            node.remove()
