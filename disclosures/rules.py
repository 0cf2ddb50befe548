"""The minimum display period: a published disclosure stays on the site for at least its
category's number of days (Circular 09/2024, Art. 3; the period is department data)."""

import datetime

from django.utils import timezone


def display_period_end(*, page):
    """When the disclosure may be withdrawn: first publication + the category's display days.
    None for a page never published."""
    if page.first_published_at is None:
        return None
    return page.first_published_at + datetime.timedelta(days=page.category.display_days)


def disclosure_may_be_withdrawn(*, page, user, now=None):
    """A school may unpublish or delete a disclosure once its display period is over; the
    department's administrators (superusers) may at any time, to correct a mistake."""
    if user.is_superuser:
        return True
    end = display_period_end(page=page)
    return end is None or (now or timezone.now()) >= end
