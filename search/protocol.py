"""How a page type tells search what it is: a small, optional protocol with defaults.

Every live, public page is searchable without code per type. A page class may refine how it
appears in the facets by declaring any of these (all optional):

``search_content_label``
    Class attribute (a lazy translated string): the "content type" facet label.
    Default: the page type's ``verbose_name`` ("bài viết tin tức", "văn bản", …), capitalised.
``get_search_date(self)``
    A ``date`` or ``datetime`` used for the "year" facet and for recency in ranking, e.g. a
    legal document's issue date. Default: ``first_published_at``.
``get_search_text(self)``
    Plain text matched against queries besides the title. Default: the text of the page's
    ``search_fields`` (``index.SearchField``) other than the title, with HTML removed.
``search_exclude = True``
    Keep a page type out of public search entirely (e.g. a landing page that only redirects).
``get_search_records(self)``
    Public records that are not pages but are shown at their own URL on this page's routes
    (a Q&A page's published questions): an iterable of ``SearchRecord``. Each gets its own
    result, in the page's site, and leaves the index with the page. A record's text must be
    its public text only, never the personal data of whoever sent it. The app that owns the
    records keeps single records in step with ``search.services.entry_sync_record`` /
    ``entry_remove_record``; republishing or moving the page re-syncs them all.

Example (a legal document page)::

    class LegalDocumentPage(PortalPage):
        search_content_label = _("Legal document")

        def get_search_date(self):
            return self.issued_on
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelsearch import index

MAX_TEXT_LENGTH = 100_000


@dataclass(frozen=True)
class SearchRecord:
    """A public record shown on a page's sub-URL (``subpath``, relative to the page's URL)."""

    key: str  # unique across all records, e.g. "questions.question:42"
    title: str
    text: str
    subpath: str
    content_label: str
    date: datetime.date | datetime.datetime | None = None


def page_content_label(page):
    label = getattr(page, "search_content_label", None) or page._meta.verbose_name
    return str(capfirst(label))


def as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))
    return None


def page_search_date(page):
    getter = getattr(page, "get_search_date", None)
    value = getter() if callable(getter) else None
    return as_datetime(value or page.first_published_at or page.last_published_at)


def plain_text(text):
    return " ".join(strip_tags(text).split())[:MAX_TEXT_LENGTH]


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [piece for item in value for piece in _flatten(item)]
    if isinstance(value, dict):
        return _flatten(list(value.values()))
    return [str(value)]


def search_fields_text(page):
    """The default text: the search description and the ``index.SearchField`` values other
    than the title (a ``get_search_text`` may add to it)."""
    pieces = [page.search_description] if page.search_description else []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            pieces.extend(_flatten(search_field.get_value(page)))
    return " ".join(pieces)


def page_search_text(page):
    getter = getattr(page, "get_search_text", None)
    return plain_text(getter() if callable(getter) else search_fields_text(page))


def page_search_records(page):
    getter = getattr(page, "get_search_records", None)
    return list(getter()) if callable(getter) else []


def page_is_excluded(page):
    return bool(getattr(page, "search_exclude", False))
