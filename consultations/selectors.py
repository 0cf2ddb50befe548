"""Reads for the public consultation pages (always below the index asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.query import PageQuerySet

from django.utils import timezone

from consultations.models import ConsultationComment, ConsultationPage


def _consultations(index):
    return ConsultationPage.objects.child_of(index).live().public().specific()


def open_consultations(*, index, now=None) -> PageQuerySet:
    """Consultations not yet closed (open now or announced), the nearest deadline first."""
    now = now or timezone.now()
    return _consultations(index).filter(deadline__gt=now).order_by("deadline", "pk")


def closed_consultations(*, index, now=None) -> PageQuerySet:
    """Closed consultations, the most recently closed first."""
    now = now or timezone.now()
    return _consultations(index).filter(deadline__lte=now).order_by("-deadline", "-pk")


def published_comments(*, consultation) -> QuerySet[ConsultationComment]:
    """Published comments, oldest first; only their public fields are read."""
    return (
        ConsultationComment.objects.published()
        .filter(page=consultation)
        .only("pk", "section", "comment", "created_at")
        .order_by("created_at", "pk")
    )
