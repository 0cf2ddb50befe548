"""Query engines for the public search.

``database`` (the default): PostgreSQL full-text search on folded text (GIN index), or
matching of folded words on SQLite; it meets its latency target at 200,000 pages on
PostgreSQL (README, Search).

``cluster``: Elasticsearch or OpenSearch (SEARCH_BACKEND=elasticsearch|opensearch), for a
province that outgrows one database server; the SearchEntry rows stay the source of truth and
are mirrored into the cluster (search/engines/cluster.py). SEARCH_PUBLIC_ENGINE=database keeps
the public search on the database while Wagtail's admin index uses the cluster.
"""

from django.conf import settings


def engine_name():
    return settings.PORTAL_SEARCH_ENGINE


def get_engine():
    if engine_name() == "cluster":
        from search.engines import cluster

        return cluster
    from search.engines import database

    return database
