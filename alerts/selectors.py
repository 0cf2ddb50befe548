"""Reads: the alerts a site shows."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from alerts.models import Alert
from sites.selectors import school_targeting_filter, site_school_targets


def alerts_for_site(*, site, now=None) -> list[Alert]:
    """The current alerts of ``site``, most severe then newest first, in one query.

    Its school's own alerts, and the department's alerts that target it: every department
    alert without targets; those naming levels and/or units when the site is a school of
    those levels and in (or below) those units. The department's own site is no school, so
    it shows only the department alerts without targets.
    """
    if site is None:
        return []
    levels, units = site_school_targets(site_id=site.pk)
    department = Q(school__isnull=True) & school_targeting_filter(
        model=Alert,
        levels_field="levels",
        units_field="units",
        school_levels=levels,
        unit_ids=units,
    )
    return list(
        Alert.objects.current(now=now or timezone.now())
        .filter(department | Q(school__site_id=site.pk))
        .only("title", "message", "link", "severity", "starts_at", "expires_at")
        .order_by("-severity", "-starts_at", "-pk")
    )
