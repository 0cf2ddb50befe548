"""Query engines for the public search. All take the same request and return the same shape.

``database`` (default): PostgreSQL full-text search on folded text (GIN index), or plain
matching of folded words on SQLite. ``elasticsearch``: an Elasticsearch/OpenSearch index
with ASCII-folding analysers (``search.engines.elastic``), selected by SEARCH_BACKEND.
"""

from django.conf import settings


def get_engine():
    if getattr(settings, "PORTAL_SEARCH_ENGINE", "database") == "elasticsearch":
        from search.engines import elastic

        return elastic
    from search.engines import database

    return database
