"""Reads for the public Q&A pages: only published questions, only of the page asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.search.backends.base import BaseSearchResults

from django.http import Http404

from portal.querystring import search_words
from portal.text import fold_vi
from questions.models import Question


def published_questions(*, page, topic=None, query="") -> QuerySet[Question] | BaseSearchResults:
    """The page's published questions, newest first, or by relevance when searching.

    Scoped to `page`, hence to its site. Only public fields are read (no contact details).
    """
    questions = (
        Question.objects.published()
        .filter(page=page)
        .select_related("topic")
        .only("pk", "question", "answer", "published_at", "topic__name", "topic__slug")
        .order_by("-published_at", "-pk")
    )
    if topic is not None:
        questions = questions.filter(topic=topic)
    # Matched as words without diacritics: "tuyen sinh" finds "tuyển sinh" and the reverse;
    # quotes and operators would be syntax to the full-text back-end.
    query = search_words(fold_vi(query))
    if query:
        return questions.search(query, operator="and")
    return questions


def published_question(*, page, pk) -> Question:
    question = (
        Question.objects.published()
        .filter(page=page, pk=pk)
        .select_related("topic")
        .only("pk", "question", "answer", "published_at", "topic__name", "topic__slug", "page")
        .first()
    )
    if question is None:
        raise Http404
    return question
