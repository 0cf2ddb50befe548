"""Search configuration from the environment (read in settings through portal.settings.env).

SEARCH_BACKEND=database (default) uses Wagtail's database backend for Wagtail's own index
(the admin's search). SEARCH_BACKEND=elasticsearch (Elasticsearch 8) or opensearch
(OpenSearch 2.x/3.x, through Wagtail's opensearch3 backend: the one written for opensearch-py 3,
which requirements.txt pins; the opensearch2 backend calls that client with arguments it no
longer takes) uses Wagtail's backend of that name, with ICU or ASCII-folding analysers so
that "dang ky" finds "Đăng ký" there too, and runs the public search on the same cluster
(search/engines/cluster.py) unless SEARCH_PUBLIC_ENGINE=database.
"""

from django.core.exceptions import ImproperlyConfigured

WAGTAIL_BACKENDS = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch": "wagtail.search.backends.opensearch3",
}


def folding_analysis(*, icu=False):
    """Analysers that lower-case and strip diacritics, đ/Đ included (Lucene's ASCII folding
    maps U+0111 to "d"). With the analysis-icu plugin, ICU tokenising and folding are used."""
    tokenizer = "icu_tokenizer" if icu else "standard"
    folding = ["icu_folding"] if icu else ["lowercase", "asciifolding"]
    return {
        "analyzer": {
            "vi_folding": {"type": "custom", "tokenizer": tokenizer, "filter": folding},
            "vi_folding_edge": {
                "type": "custom",
                "tokenizer": tokenizer,
                "filter": [*folding, "vi_edge_ngram"],
            },
        },
        "filter": {"vi_edge_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
    }


def search_settings(env):
    """(WAGTAILSEARCH_BACKENDS, engine name, elastic options) for the environment."""
    backend = env.str("SEARCH_BACKEND", "database").strip().lower()
    if backend == "database":
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}, "database", {}
    if backend not in WAGTAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND must be database, elasticsearch or opensearch, got {backend!r}."
        )
    # One URL, or several separated by commas (the nodes of a cluster: the clients spread the
    # requests over them and skip a node that does not answer).
    urls = [url.strip() for url in env.str("SEARCH_URL", "").split(",") if url.strip()]
    if not urls:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={backend} needs SEARCH_URL.")
    refresh = env.str("SEARCH_REFRESH", "false").strip().lower()
    if refresh not in ("false", "true", "wait_for"):
        raise ImproperlyConfigured(
            f"SEARCH_REFRESH must be false, true or wait_for, got {refresh!r}."
        )
    prefix = env.str("SEARCH_INDEX_PREFIX", "portal")
    icu = env.bool("SEARCH_ICU", False)
    analysis = folding_analysis(icu=icu)
    wagtail = {
        "default": {
            "BACKEND": WAGTAIL_BACKENDS[backend],
            "URLS": urls,
            "INDEX_PREFIX": f"{prefix}_wagtail_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            # Wagtail merges these into its own index settings: every text field it analyses
            # with "standard"/"simple" gets the folding analysers instead.
            "INDEX_SETTINGS": {
                "settings": {
                    "index": {
                        "analysis": {
                            **analysis,
                            "analyzer": {
                                **analysis["analyzer"],
                                "default": {"type": "custom", **_without_type(analysis)},
                            },
                        }
                    }
                }
            },
        }
    }
    public = env.str("SEARCH_PUBLIC_ENGINE", "cluster").strip().lower()
    if public not in ("cluster", "database"):
        raise ImproperlyConfigured(
            f"SEARCH_PUBLIC_ENGINE must be cluster or database, got {public!r}."
        )
    return (
        wagtail,
        public,
        {
            "url": urls[0],
            "urls": urls,
            "flavour": backend,
            "icu": icu,
            "prefix": prefix,
            # How the mirror's writes wait for the cluster to make them searchable: not at all
            # (false, the default: within the index's refresh interval, one second), or at once
            # (true, for tests), or until the next refresh (wait_for).
            "refresh": {"false": False, "true": True}.get(refresh, refresh),
        },
    )


def _without_type(analysis):
    folding = dict(analysis["analyzer"]["vi_folding"])
    folding.pop("type")
    return folding
