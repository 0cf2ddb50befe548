"""Writes to the public search index (SearchEntry rows): one function per event.

Privacy is enforced here, at write time: a page gets a row only while it is live, has no view
restriction (on itself or an ancestor) and is inside a Site; a document only while its
collection (or an ancestor collection) has no view restriction; a record (a published
question) only while its page is public, with only the public text its app hands over.
Applications and form submissions never get a row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

from search.models import SearchEntry
from search.protocol import (
    as_datetime,
    page_content_label,
    page_is_excluded,
    page_search_date,
    page_search_records,
    page_search_text,
    plain_text,
)
from search.text import folded_document
from sites.models import School

logger = logging.getLogger(__name__)


class SiteResolver:
    """Which Site (and school) a tree path belongs to: the deepest site root above it."""

    def __init__(self):
        self.sites = sorted(
            Site.objects.select_related("root_page").only("id", "root_page__path"),
            key=lambda site: -len(site.root_page.path),
        )
        schools = School.objects.filter(site__isnull=False).only(
            "id", "site_id", "administrative_unit_id", "collection_id"
        )
        self.schools_by_site = {school.site_id: school for school in schools}
        self.schools_by_collection = {
            school.collection_id: school for school in schools if school.collection_id
        }
        self.restricted_paths = list(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )

    def site_for_path(self, path) -> Site | None:
        for site in self.sites:
            if path.startswith(site.root_page.path):
                return site
        return None

    def is_restricted(self, path) -> bool:
        return any(path.startswith(restricted) for restricted in self.restricted_paths)

    def default_site(self) -> Site | None:
        return next((site for site in self.sites if site.is_default_site), None) or (
            self.sites[-1] if self.sites else None
        )


def _entry_fields(*, title, text, site, school, label, date):
    return {
        "title": title[:255],
        "text": text,
        "site": site,
        "school": school,
        "unit_id": school.administrative_unit_id if school else None,
        "content_label": label[:100],
        "date": date,
        "year": timezone.localtime(date).year if date else None,
        "folded_title": folded_document(title)[:300],
        "folded_text": folded_document(text),
    }


def _page_place(page, resolver):
    """(site, URL relative to the site) where the public sees the page; None if it cannot."""
    site = resolver.site_for_path(page.path)
    if not page.live or page.depth <= 1 or site is None or resolver.is_restricted(page.path):
        return None
    url = page.get_url_parts()
    return site, (url[2] if url else page.url_path)


def _upsert_record(*, page, record, site, relative, resolver):
    fields = _entry_fields(
        title=record.title,
        text=plain_text(record.text),
        site=site,
        school=resolver.schools_by_site.get(site.pk),
        label=str(record.content_label),
        date=as_datetime(record.date),
    )
    entry, _created = SearchEntry.objects.update_or_create(
        record_key=record.key,
        defaults={
            **fields,
            "kind": SearchEntry.Kind.RECORD,
            "owner_page_id": page.pk,
            "url": f"{relative}{record.subpath}"[:500],
        },
    )
    return entry


@transaction.atomic
def entry_sync_page(*, page, resolver=None) -> SearchEntry | None:
    """Create, update or delete the page's row (and its records' rows, see
    ``protocol.SearchRecord``) so that they match what the public may see."""
    resolver = resolver or SiteResolver()
    page = page.specific_deferred if type(page) is Page else page
    place = _page_place(page, resolver)
    if place is None:
        entry_remove_page(page_id=page.pk)
        return None
    site, relative = place
    records = page_search_records(page)
    for record in records:
        _upsert_record(page=page, record=record, site=site, relative=relative, resolver=resolver)
    SearchEntry.objects.filter(owner_page_id=page.pk).exclude(
        record_key__in=[record.key for record in records]
    ).delete()
    if page_is_excluded(page):
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    fields = _entry_fields(
        title=page.title,
        text=page_search_text(page),
        site=site,
        school=resolver.schools_by_site.get(site.pk),
        label=page_content_label(page),
        date=page_search_date(page),
    )
    entry, _created = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={**fields, "kind": SearchEntry.Kind.PAGE, "url": relative[:500]},
    )
    return entry


def entry_remove_page(*, page_id) -> None:
    """Take a page out of the index, with the records shown on it."""
    SearchEntry.objects.filter(Q(page_id=page_id) | Q(owner_page_id=page_id)).delete()


@transaction.atomic
def entry_sync_record(*, page, record, resolver=None) -> SearchEntry | None:
    """Index one public record shown on ``page`` (e.g. a question just published or edited);
    removed instead while the page itself is not public."""
    resolver = resolver or SiteResolver()
    place = _page_place(page, resolver)
    if place is None:
        entry_remove_record(key=record.key)
        return None
    site, relative = place
    return _upsert_record(page=page, record=record, site=site, relative=relative, resolver=resolver)


def entry_remove_record(*, key) -> None:
    """Take a record out of the index (unpublished, rejected or deleted)."""
    SearchEntry.objects.filter(record_key=key).delete()


def entry_sync_subtree(*, root, progress=None) -> int:
    """Re-sync a page and all its descendants (after a move or a view-restriction change)."""
    resolver = SiteResolver()
    pages = Page.objects.descendant_of(root, inclusive=True).specific().iterator(chunk_size=200)
    count = 0
    for page in pages:
        entry_sync_page(page=page, resolver=resolver)
        count += 1
        if progress:
            progress(count)
    return count


def _document_school(document, resolver):
    collection = document.collection
    for candidate in [collection, *collection.get_ancestors().order_by("-depth")]:
        school = resolver.schools_by_collection.get(candidate.pk)
        if school:
            return school
    return None


def document_is_private(document) -> bool:
    collection = document.collection
    ancestors = [collection.pk, *collection.get_ancestors().values_list("pk", flat=True)]
    return CollectionViewRestriction.objects.filter(collection_id__in=ancestors).exists()


@transaction.atomic
def entry_sync_document(*, document, text, resolver=None) -> SearchEntry | None:
    """Index a document (title and extracted text), or remove it when it is private."""
    resolver = resolver or SiteResolver()
    if document_is_private(document):
        SearchEntry.objects.filter(document_id=document.pk).delete()
        return None
    school = _document_school(document, resolver)
    site = school.site if school else resolver.default_site()
    if site is None:
        return None
    fields = _entry_fields(
        title=document.title,
        text=text,
        site=site,
        school=school,
        label=gettext("Document"),
        date=document.created_at,
    )
    entry, _created = SearchEntry.objects.update_or_create(
        document_id=document.pk,
        defaults={**fields, "kind": SearchEntry.Kind.DOCUMENT, "url": document.url[:500]},
    )
    return entry


def entries_sync_collection(*, collection) -> None:
    """Re-index every document of a collection and its descendants (privacy changed)."""
    from search.tasks import index_document

    collections = collection.get_descendants(inclusive=True)
    ids = (
        get_document_model().objects.filter(collection__in=collections).values_list("pk", flat=True)
    )
    for document_id in ids:
        index_document.enqueue(document_id)


@transaction.atomic
def search_log_query(*, query_text, found) -> None:
    """Count a search (folded, so "Tuyển sinh" and "tuyen sinh" are one query) and whether it
    found nothing. Only the query text and a daily count are kept: no user or address."""
    from django.db.models import F
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    from search.models import ZeroResultDailyHits
    from search.text import parse_query

    folded = " ".join(parse_query(query_text).all_words)
    if not folded:
        return
    query = Query.get(folded)
    query.add_hit()
    if not found:
        hits, _created = ZeroResultDailyHits.objects.get_or_create(
            query=query, date=timezone.localdate()
        )
        ZeroResultDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + 1)


# The cluster mirror -----------------------------------------------------------------------


@dataclass
class SiteMirror:
    """How one site's entries compare between the database and the cluster."""

    site_id: int | None
    database: int = 0
    cluster: int = 0
    missing: list = field(default_factory=list)  # rows the cluster lacks
    drifted: list = field(default_factory=list)  # documents that differ from their row
    stray: list = field(default_factory=list)  # documents whose row is gone

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.drifted or self.stray)


@dataclass
class MirrorReport:
    sites: list = field(default_factory=list)
    repaired: int = 0

    def total(self, name) -> int:
        return sum(len(getattr(site, name)) for site in self.sites)

    @property
    def in_step(self) -> bool:
        return all(site.in_step for site in self.sites)

    @property
    def out_of_step(self) -> list[SiteMirror]:
        return [site for site in self.sites if not site.in_step]


def search_mirror_repair(*, site_ids=None, repair=True, batch=500) -> MirrorReport:
    """Compare the SearchEntry rows with the cluster's index, site by site (counts, then each
    entry's checksum), and unless ``repair`` is False re-send the missing and drifted entries
    and delete the stray documents. Run periodically (``manage.py check_search_mirror``, a
    systemd timer in deploy/): it heals what a lost mirroring task or a cluster that was down
    during writes left behind. The rows stay the truth; the cluster is brought to them.

    Entries written while the check runs may be reported (and re-sent) once more: harmless,
    a re-send writes the row's current state."""
    from django.db.models import Count

    from search.engines import cluster

    database_counts = dict(
        SearchEntry.objects.order_by().values_list("site_id").annotate(count=Count("id"))
    )
    cluster_counts = cluster.mirrored_site_counts()
    sites = set(database_counts) | set(cluster_counts)
    if site_ids is not None:
        sites &= set(site_ids)
    report = MirrorReport()
    fields = ["id", *cluster.MIRRORED_FIELDS]
    fields[fields.index("site_id")] = "site"
    fields = [{"unit_id": "unit", "school_id": "school"}.get(name, name) for name in fields]
    for site_id in sorted(sites, key=lambda value: (value is None, value or 0)):
        row = SiteMirror(
            site_id,
            database=database_counts.get(site_id, 0),
            cluster=cluster_counts.get(site_id, 0),
        )
        mirrored = cluster.mirrored_digests(site_id)
        entries = SearchEntry.objects.filter(site_id=site_id).only(*fields).order_by("pk")
        for entry in entries.iterator(chunk_size=2000):
            if entry.pk not in mirrored:
                row.missing.append(entry.pk)
            elif mirrored.pop(entry.pk) != cluster.checksum(cluster.entry_fields(entry)):
                row.drifted.append(entry.pk)
        row.stray = sorted(mirrored)
        report.sites.append(row)
    if repair:
        ids = sorted(
            {pk for site in report.sites for pk in [*site.missing, *site.drifted, *site.stray]}
        )
        for start in range(0, len(ids), batch):
            cluster.sync_entries(ids[start : start + batch])
        if ids:
            cluster.refresh()
            logger.warning(
                "Search mirror repaired: %d missing, %d drifted, %d stray documents",
                report.total("missing"),
                report.total("drifted"),
                report.total("stray"),
            )
        report.repaired = len(ids)
    return report
