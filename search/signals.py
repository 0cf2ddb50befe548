"""Keep the public search index in step with publishing, privacy and documents."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import tasks


def _later(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def on_page_published(sender, instance, **kwargs):
    _later(tasks.index_page, instance.pk)


def on_page_unpublished(sender, instance, **kwargs):
    # Removed at once (not in the background): an unpublished page must leave the results now.
    from search.services import entry_remove_page

    entry_remove_page(page_id=instance.pk)


def on_page_moved(sender, instance, **kwargs):
    _later(tasks.index_subtree, instance.pk)


def on_site_saved(sender, instance, created, **kwargs):
    # A new site (a provisioned school) brings a tree of live pages created without publishing.
    if created:
        _later(tasks.index_subtree, instance.root_page_id)


def on_view_restriction_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    from search.services import entry_sync_subtree

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        # Synchronous: a page made private must disappear from results with the same request.
        entry_sync_subtree(root=page)


def on_document_saved(sender, instance, **kwargs):
    _later(tasks.index_document, instance.pk)


def on_collection_restriction_changed(sender, instance, **kwargs):
    from search.models import SearchEntry
    from search.services import entries_sync_collection

    collections = instance.collection.get_descendants(inclusive=True)
    if "created" in kwargs:  # post_save: a collection just became private
        SearchEntry.objects.filter(document__collection__in=collections).delete()
    transaction.on_commit(lambda: entries_sync_collection(collection=instance.collection))


_pending = threading.local()
_paused = threading.local()


class _Batch:
    """The SearchEntry ids written in one transaction, sent to the cluster once it commits."""

    def __init__(self):
        self.ids = set()
        self.sent = False

    def flush(self):
        if self.sent:  # a callback run twice (nested test captures) sends once
            return
        self.sent = True
        if getattr(_pending, "batch", None) is self:
            _pending.batch = None
        tasks.sync_cluster_entries.enqueue(sorted(self.ids))

    def is_pending(self, connection):
        """Still waiting for its commit: not sent, and not dropped with a rolled-back
        transaction (whose writes are gone, so its ids need no mirroring)."""
        return not self.sent and any(
            getattr(callback, "__self__", None) is self
            for _sids, callback, _robust in connection.run_on_commit
        )


def on_entry_changed(sender, instance, **kwargs):
    """Mirror SearchEntry writes into the cluster (the cluster engine only): the ids written
    in one transaction go to the cluster in one background task after it commits."""
    from search.engines import engine_name

    if engine_name() != "cluster" or getattr(_paused, "on", False):
        return
    batch = getattr(_pending, "batch", None)
    if batch is not None and batch.is_pending(transaction.get_connection()):
        batch.ids.add(instance.pk)
        return
    batch = _pending.batch = _Batch()
    batch.ids.add(instance.pk)
    transaction.on_commit(batch.flush)  # outside a transaction: at once


class paused_cluster_sync:
    """No mirroring while a full rebuild reloads the whole index anyway."""

    def __enter__(self):
        _paused.on = True

    def __exit__(self, *exc):
        _paused.on = False


def connect():
    page_published.connect(on_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search_page_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_page_restriction_{signal is post_save}",
        )
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search_collection_restriction_{signal is post_save}",
        )
    from search.models import SearchEntry

    for signal in (post_save, post_delete):
        signal.connect(
            on_entry_changed,
            sender=SearchEntry,
            dispatch_uid=f"search_entry_cluster_{signal is post_save}",
        )
    post_save.connect(on_site_saved, sender=Site, dispatch_uid="search_site_saved")
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="search_document_saved"
    )
