"""Rebuild the public search index: every live public page, then every public document."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import services
from search.engines import engine_name
from search.extraction import document_text
from search.models import SearchEntry
from search.signals import paused_cluster_sync


class Progress:
    """A one-line progress bar on a terminal; a line every 10% otherwise (logs, CI)."""

    def __init__(self, stream, label, total, width=30):
        self.stream, self.label, self.total, self.width = stream, label, max(total, 1), width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_decile = -1

    def __call__(self, done):
        fraction = min(done / self.total, 1)
        if self.tty:
            filled = int(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total}")
            if done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif int(fraction * 10) > self.last_decile:
            self.last_decile = int(fraction * 10)
            self.stream.write(f"{self.label}: {done}/{self.total}\n")


class _Silent:
    def write(self, text):
        pass

    def flush(self):
        pass


class Command(BaseCommand):
    help = "Rebuild the public search index (pages and documents) with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the index has entries."
        )
        parser.add_argument("--no-documents", action="store_true", help="Skip documents.")

    def handle(self, *args, if_empty=False, no_documents=False, verbosity=1, **options):
        if if_empty and SearchEntry.objects.exists():
            return
        out = self.stdout._out if verbosity else _Silent()
        with paused_cluster_sync():
            self._rebuild_entries(out, no_documents)
        if engine_name() == "cluster":
            from search.engines import cluster

            cluster.rebuild(progress=Progress(out, _("Cluster"), SearchEntry.objects.count()))
        self.stdout.write(
            _("Search index: %(count)s entries.") % {"count": SearchEntry.objects.count()}
        )

    def _rebuild_entries(self, out, no_documents):
        resolver = services.SiteResolver()
        pages = Page.objects.filter(depth__gt=1)
        progress = Progress(out, _("Pages"), pages.count())
        for done, page in enumerate(pages.specific().iterator(chunk_size=500), start=1):
            services.entry_sync_page(page=page, resolver=resolver)
            progress(done)
        if not no_documents:
            documents = get_document_model().objects.select_related("collection")
            progress = Progress(out, _("Documents"), documents.count())
            for done, document in enumerate(documents.iterator(chunk_size=200), start=1):
                services.entry_sync_document(
                    document=document, text=document_text(document), resolver=resolver
                )
                progress(done)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics, and the GIN indexes' pending lists merged (queries scan them).
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {SearchEntry._meta.db_table}")
