"""Query engines for the public search.

``database`` (the default): PostgreSQL full-text search on folded text (GIN index), or
matching of folded words on SQLite; it meets its latency target at 200,000 pages on
PostgreSQL (README, Search).

``cluster``: Elasticsearch or OpenSearch (SEARCH_BACKEND=elasticsearch|opensearch), for a
province that outgrows one database server; the SearchEntry rows stay the source of truth and
are mirrored into the cluster (search/engines/cluster.py). SEARCH_PUBLIC_ENGINE=database keeps
the public search on the database while Wagtail's admin index uses the cluster.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def engine_name():
    return settings.PORTAL_SEARCH_ENGINE


class ClusterWithFallback:
    """The cluster engine; while the cluster does not answer, the database engine answers
    instead (it reads the same SearchEntry rows, so results stay right, only slower at
    scale): a reader never gets an error page because a search node is down."""

    def __getattr__(self, name):
        from search.engines import cluster, database

        method = getattr(cluster, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except cluster.unavailable_errors() as error:
                logger.warning(
                    "Search cluster unavailable (%s): the database answers %s",
                    type(error).__name__,
                    name,
                )
                return getattr(database, name)(*args, **kwargs)

        return call


def get_engine():
    if engine_name() == "cluster":
        return ClusterWithFallback()
    from search.engines import database

    return database
