"""Reads for the document library: the filtered list and the options its filters offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.query import PageQuerySet

from django.utils import timezone

from legaldocs.models import DocumentArea, DocumentType, IssuingBody, LegalDocumentPage
from legaldocs.status import status_q
from portal.querystring import search_words

SEARCH_RESULTS_LIMIT = 1000


def library_scope(*, library) -> PageQuerySet:
    """The published documents of one library (and so of one site)."""
    return LegalDocumentPage.objects.live().public().descendant_of(library)


def _matching_pks(*, library, query):
    results = library_scope(library=library).search(query, order_by_relevance=False)
    return [page.pk for page in results[:SEARCH_RESULTS_LIMIT]]


def library_documents(
    *,
    library,
    document_type=None,
    issuer=None,
    area=None,
    year=None,
    status=None,
    query="",
    on=None,
) -> PageQuerySet:
    """The library's documents matching the filters, newest first, ready to list."""
    documents = library_scope(library=library)
    if document_type is not None:
        documents = documents.filter(document_type=document_type)
    if issuer is not None:
        documents = documents.filter(issuer=issuer)
    if area is not None:
        documents = documents.filter(area=area)
    if year:
        documents = documents.filter(issue_date__year=year)
    if status:
        documents = documents.filter(status_q(status, on=on or timezone.localdate()))
    query = search_words(query)  # quotes and operators are syntax to the full-text back-end
    if query:
        documents = documents.filter(pk__in=_matching_pks(library=library, query=query))
    return documents.select_related("document_type", "replaced_by").order_by("-issue_date", "-pk")


def library_terms(*, library, model) -> QuerySet:
    """The document types / issuers / fields used by the library's documents (one query)."""
    return model.objects.filter(documents__in=library_scope(library=library)).distinct()


def library_filter_options(*, library) -> dict[str, QuerySet]:
    return {
        "document_type": library_terms(library=library, model=DocumentType),
        "issuer": library_terms(library=library, model=IssuingBody),
        "area": library_terms(library=library, model=DocumentArea),
    }


def library_years(*, library) -> list[int]:
    """The years in which the library's documents were issued, newest first."""
    return [
        day.year for day in library_scope(library=library).dates("issue_date", "year", order="DESC")
    ]
