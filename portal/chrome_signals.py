"""What bumps the per-site cache's generations (portal/sitecache.py): every change to a piece
of the chrome, for exactly the sites it concerns.

| change | sites bumped |
|---|---|
| a site setting saved or deleted (organisation, navigation, theme) | its site |
| an image saved that is a site's logo | the sites using it |
| an image edited or deleted, a news category saved or deleted | every site's listings |
| a Site saved or deleted, a site's root page changed, an administrative unit saved | every site |
| an alert saved, deleted, or its levels/units changed | the sites it targeted before and after |
| a school saved or its levels changed (which alerts target it) | the school's site |
| a page published, unpublished, moved, deleted or its slug changed | the sites it is in (chrome and listings) and those whose menus link to it |
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal import sitecache


def _ancestor_paths(*paths: str) -> set[str]:
    steplen = Page.steplen
    found = set()
    for path in paths:
        if path:
            found.update(path[:end] for end in range(steplen, len(path) + 1, steplen))
    return found


def sites_of_paths(page_path: str, *paths: str) -> tuple[set[int], bool]:
    """(ids of the sites whose root is at or above the page or one of ``paths``, whether the
    page is a site's root itself). One query."""
    rows = Site.objects.filter(root_page__path__in=_ancestor_paths(page_path, *paths)).values_list(
        "pk", "root_page__path"
    )
    site_ids, is_root = set(), False
    for pk, root_path in rows:
        site_ids.add(pk)
        is_root = is_root or root_path == page_path
    return site_ids, is_root


def _linking_sites(page) -> set[int]:
    """Sites whose menus link to ``page`` (Wagtail's reference index). One or two queries."""
    from portal.models import NavigationSettings

    object_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ReferenceIndex._get_base_content_type(NavigationSettings))
        .values_list("object_id", flat=True)
    )
    ids = list(object_ids)
    if not ids:
        return set()
    return set(NavigationSettings.objects.filter(pk__in=ids).values_list("site_id", flat=True))


def page_changed(*, page, paths=(), chrome: bool) -> None:
    site_ids, is_root = sites_of_paths(page.path, *paths)
    sitecache.bump(site_ids=site_ids, content=True)
    if chrome:
        sitecache.bump(site_ids=site_ids | _linking_sites(page))
    if is_root:
        sitecache.bump(every_site=True)


def _on_publish(sender, instance, **kwargs):
    # The chrome too: a publish may change the page's slug, so the menus' addresses.
    page_changed(page=instance, chrome=True)


def _on_unpublish(sender, instance, **kwargs):
    page_changed(page=instance, chrome=True)


def _on_slug_changed(sender, instance, **kwargs):
    page_changed(page=instance, chrome=True)


def _on_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    paths = [parent.path for parent in (parent_page_before, parent_page_after) if parent]
    page_changed(page=instance, paths=paths, chrome=True)


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:  # once, for the base row
        page_changed(page=instance, chrome=True)


def _on_setting_change(sender, instance, **kwargs):
    sitecache.bump(site_ids=[instance.site_id])


def _on_site_change(sender, instance, **kwargs):
    sitecache.bump(every_site=True)


def _on_image_change(sender, instance, created=False, **kwargs):
    from themes.models import ThemeSettings

    site_ids = ThemeSettings.objects.filter(logo_id=instance.pk).values_list("site_id", flat=True)
    sitecache.bump(site_ids=list(site_ids))
    if not created:  # a new image is in no listing yet; an edited one may be (its renditions)
        sitecache.bump(every_site=True, content=True)


def _on_listing_label_change(sender, instance, **kwargs):
    """A news category's name is on the cards of every site's listings."""
    sitecache.bump(every_site=True, content=True)


def _bump_alert_targets(alert) -> None:
    from alerts.selectors import alert_target_site_ids

    if alert.pk is None:
        return
    site_ids = alert_target_site_ids(alert)
    if site_ids is None:
        sitecache.bump(every_site=True)
    else:
        sitecache.bump(site_ids=site_ids)


def _on_alert_change(sender, instance, **kwargs):
    _bump_alert_targets(instance)


def _on_alert_targets_change(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    from alerts.models import Alert

    if not action.startswith(("pre_", "post_")):
        return
    if reverse:  # from a level's or unit's side: every alert concerned
        alerts = Alert.objects.filter(pk__in=pk_set or ())
        for alert in alerts:
            _bump_alert_targets(alert)
        return
    _bump_alert_targets(instance)


def _on_school_change(sender, instance, **kwargs):
    sitecache.bump(site_ids=[instance.site_id])


def _on_school_levels_change(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    from sites.models import School

    if not action.startswith("post_"):
        return
    if reverse:
        site_ids = School.objects.filter(pk__in=pk_set or ()).values_list("site_id", flat=True)
        sitecache.bump(site_ids=list(site_ids))
    else:
        sitecache.bump(site_ids=[instance.site_id])


def _on_unit_change(sender, instance, **kwargs):
    sitecache.bump(every_site=True)


def connect() -> None:
    from wagtail.images import get_image_model
    from wagtail.signal_handlers import connect_reference_index_signal_handlers_for_model

    from alerts.models import Alert
    from portal.models import NavigationSettings, NewsCategory, OrganisationSettings
    from sites.models import AdministrativeUnit, School
    from themes.models import ThemeSettings

    uid = "portal.chrome"
    # Menus are in Wagtail's reference index (as pages and snippets are): a page's move or
    # deletion finds the menus that link to it, and the admin's "usage" lists them.
    ReferenceIndex.register_model(NavigationSettings)
    connect_reference_index_signal_handlers_for_model(NavigationSettings)
    page_published.connect(_on_publish, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_on_unpublish, dispatch_uid=f"{uid}.unpublished")
    page_slug_changed.connect(_on_slug_changed, dispatch_uid=f"{uid}.slug")
    post_page_move.connect(_on_move, dispatch_uid=f"{uid}.move")
    post_delete.connect(_on_delete, sender=Page, dispatch_uid=f"{uid}.page-delete")
    for model in (NavigationSettings, OrganisationSettings, ThemeSettings):
        for signal in (post_save, post_delete):
            signal.connect(_on_setting_change, sender=model, dispatch_uid=f"{uid}.{model}")
    for signal in (post_save, post_delete):
        signal.connect(_on_site_change, sender=Site, dispatch_uid=f"{uid}.site")
        signal.connect(_on_school_change, sender=School, dispatch_uid=f"{uid}.school")
        signal.connect(_on_unit_change, sender=AdministrativeUnit, dispatch_uid=f"{uid}.unit")
    for signal in (post_save, post_delete):
        signal.connect(_on_image_change, sender=get_image_model(), dispatch_uid=f"{uid}.image")
        signal.connect(_on_listing_label_change, sender=NewsCategory, dispatch_uid=f"{uid}.cat")
    # An alert's targets before (pre_*) and after (post_*) the change both drop it.
    for signal in (pre_save, post_save, pre_delete):
        signal.connect(_on_alert_change, sender=Alert, dispatch_uid=f"{uid}.alert.{signal}")
    for through in (Alert.levels.through, Alert.units.through):
        m2m_changed.connect(
            _on_alert_targets_change, sender=through, dispatch_uid=f"{uid}.{through}"
        )
    m2m_changed.connect(
        _on_school_levels_change, sender=School.levels.through, dispatch_uid=f"{uid}.school-levels"
    )
