"""Background work for search, through Django's tasks framework (django-tasks, as Wagtail 8).

In development and tests the immediate backend runs a task at once (after the transaction
commits); in production a database-backed worker runs them (see README: TASKS_BACKEND).
Tasks take ids, not objects, and re-read the current state: a task that runs late still
writes the truth.
"""

from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import services
from search.extraction import document_text


@task()
def index_page(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        services.entry_remove_page(page_id=page_id)
        return
    services.entry_sync_page(page=page.specific)


@task()
def index_subtree(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        services.entry_sync_subtree(root=page)


@task()
def index_document(document_id):
    """Extract the document's text (PDF, DOCX) and index it: slow work, never in a request."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    services.entry_sync_document(document=document, text=document_text(document))


@task()
def sync_cluster_entries(entry_ids):
    """Mirror SearchEntry rows into the cluster (index or delete). The public results only
    ever show rows that exist in the database, so a late task cannot expose a page."""
    from search.engines import cluster

    cluster.sync_entries(entry_ids)
