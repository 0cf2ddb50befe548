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

Example (a legal document page)::

    class LegalDocumentPage(PortalPage):
        search_content_label = _("Legal document")

        def get_search_date(self):
            return self.issued_on
"""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelsearch import index

MAX_TEXT_LENGTH = 100_000


def page_content_label(page):
    label = getattr(page, "search_content_label", None) or page._meta.verbose_name
    return str(capfirst(label))


def page_search_date(page):
    getter = getattr(page, "get_search_date", None)
    value = getter() if callable(getter) else None
    value = value or page.first_published_at or page.last_published_at
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))
    return None


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [piece for item in value for piece in _flatten(item)]
    if isinstance(value, dict):
        return _flatten(list(value.values()))
    return [str(value)]


def page_search_text(page):
    getter = getattr(page, "get_search_text", None)
    if callable(getter):
        text = getter()
    else:
        pieces = []
        for search_field in page.get_search_fields():
            if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
                pieces.extend(_flatten(search_field.get_value(page)))
        if page.search_description:
            pieces.insert(0, page.search_description)
        text = " ".join(pieces)
    return " ".join(strip_tags(text).split())[:MAX_TEXT_LENGTH]


def page_is_excluded(page):
    return bool(getattr(page, "search_exclude", False))
