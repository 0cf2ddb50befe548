"""Query engines for the public search.

``database``: PostgreSQL full-text search on folded text (GIN index), or matching of folded
words on SQLite. It is the only engine today: with SEARCH_BACKEND=elasticsearch/opensearch,
Wagtail's own index (the admin's search) moves to the cluster, while the public search still
runs on PostgreSQL, which meets its latency target at 200,000 pages (README, Search).
"""


def get_engine():
    from search.engines import database

    return database
