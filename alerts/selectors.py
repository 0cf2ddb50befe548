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
    return list(
        Alert.objects.current(now=now or timezone.now())
        .filter(_site_filter(site_id=site.pk))
        .only("title", "message", "link", "severity", "starts_at", "expires_at")
        .order_by("-severity", "-starts_at", "-pk")
    )


def _site_filter(*, site_id) -> Q:
    levels, units = site_school_targets(site_id=site_id)
    department = Q(school__isnull=True) & school_targeting_filter(
        model=Alert,
        levels_field="levels",
        units_field="units",
        school_levels=levels,
        unit_ids=units,
    )
    return department | Q(school__site_id=site_id)


def _alerts_until_next_change(*, site_id, now) -> dict:
    """The current alerts of the site and when that list next changes by itself (the
    earliest expiry of a current alert or start of a scheduled one), in one query."""
    rows = list(
        Alert.objects.filter(expires_at__gt=now)
        .filter(_site_filter(site_id=site_id))
        .only("title", "message", "link", "severity", "starts_at", "expires_at")
        .order_by("-severity", "-starts_at", "-pk")
    )
    current = [alert for alert in rows if alert.starts_at <= now]
    boundaries = [alert.expires_at for alert in current]
    boundaries += [alert.starts_at for alert in rows if alert.starts_at > now]
    return {"alerts": current, "until": min(boundaries, default=None)}


def site_alerts_cached(*, site) -> list[Alert]:
    """``alerts_for_site`` through the per-site cache (portal/sitecache.py).

    Cached until the next start or expiry among the site's alerts (at the latest a day), and
    dropped at once by an edit (alerts/signals.py bumps the generation of every site an alert
    targets, before and after the edit).
    """
    from portal import sitecache

    if site is None:
        return []

    def build():
        return _alerts_until_next_change(site_id=site.pk, now=timezone.now())

    def seconds_left(value):
        if value["until"] is None:
            return sitecache.DEFAULT_TIMEOUT
        left = (value["until"] - timezone.now()).total_seconds()
        return max(1, min(sitecache.DEFAULT_TIMEOUT, int(left) + 1))

    def still_valid(value):
        return value["until"] is None or timezone.now() < value["until"]

    value = sitecache.read_through(
        "alerts", site_id=site.pk, build=build, timeout=seconds_left, still_valid=still_valid
    )
    return value["alerts"]


def alert_target_site_ids(alert) -> set[int] | None:
    """The sites whose banner shows ``alert`` (as it is in the database now), or None for
    every site (a department alert without targets). One or two queries."""
    from sites.models import School
    from sites.selectors import _in_unit

    row = Alert.objects.filter(pk=alert.pk).values("school_id", "school__site_id").first()
    if row is None:
        return set()
    if row["school_id"] is not None:
        return {row["school__site_id"]} if row["school__site_id"] else set()
    level_ids = list(
        Alert.levels.through.objects.filter(alert_id=alert.pk).values_list(
            "schoollevel_id", flat=True
        )
    )
    unit_ids = list(
        Alert.units.through.objects.filter(alert_id=alert.pk).values_list(
            "administrativeunit_id", flat=True
        )
    )
    if not level_ids and not unit_ids:
        return None
    schools = School.objects.filter(site__isnull=False)
    if level_ids:
        schools = schools.filter(levels__in=level_ids)
    if unit_ids:
        in_units = Q()
        for unit_id in unit_ids:
            in_units |= _in_unit(unit_id)
        schools = schools.filter(in_units)
    return set(schools.values_list("site_id", flat=True).distinct())
