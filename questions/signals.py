"""Keep published questions in the public search (search.SearchEntry) as they change.

A question is indexed while it is published, with its public text only (see
``Question.search_record``); rejecting, unpublishing or deleting it removes its entry.
The work runs after the commit and re-reads the question, so it indexes what was saved.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from questions.models import Question


def sync_question(question_id):
    from search.services import entry_remove_record, entry_sync_record

    question = (
        Question.objects.published().select_related("page", "topic").filter(pk=question_id).first()
    )
    if question is None:
        entry_remove_record(key=Question(pk=question_id).search_key)
    else:
        entry_sync_record(page=question.page, record=question.search_record())


def on_question_saved(sender, instance, **kwargs):
    question_id = instance.pk
    transaction.on_commit(lambda: sync_question(question_id))


def on_question_deleted(sender, instance, **kwargs):
    from search.services import entry_remove_record

    key = instance.search_key
    transaction.on_commit(lambda: entry_remove_record(key=key))


def connect():
    post_save.connect(on_question_saved, sender=Question, dispatch_uid="questions_search_saved")
    post_delete.connect(
        on_question_deleted, sender=Question, dispatch_uid="questions_search_deleted"
    )
