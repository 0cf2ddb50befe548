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
    cluster.client().indices.delete(index=f"{prefix}_*")
