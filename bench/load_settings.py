"""Settings used only while bench/pages.py loads its data: production, but the search index
is not updated on every page save; `manage.py update_index` builds it in bulk afterwards.

Why: indexing in bulk once is faster than on every save, and the PostgreSQL search backend
(modelsearch) recomputes `title_norm` after every indexed save; when many titles have the
same length it rewrites all their rows each time, which made loading quadratic before the
demo's generated titles were given varied lengths. Serving the pages is not affected.
"""

from portal.settings.production import *  # noqa: F403

WAGTAILSEARCH_BACKENDS = {
    name: {**backend, "AUTO_UPDATE": False}
    for name, backend in WAGTAILSEARCH_BACKENDS.items()  # noqa: F405
}
