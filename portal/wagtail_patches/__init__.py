"""Every change the portal makes to Wagtail's (or Django's) internals, in one place.

Wagtail's public extension points (hooks, viewsets, settings) come first; a patch is for what
they leave open. Each patch here names its target, says why, is installed once from
``PortalConfig.ready()``, and has a test. When a Wagtail upgrade moves or renames a target,
the patch cannot silently do nothing: its check fails, and so does ``manage.py check`` (a
system check error, ``portal.E001``), which CI and every deployment run. docs/architecture.md
lists the patches and what to do on an upgrade.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core import checks


@dataclass(frozen=True)
class Patch:
    name: str
    target: str
    """The Wagtail internal it changes, as a dotted path (for the error message)."""
    why: str
    missing: Callable[[], list[str]]
    """What of the target cannot be found (or, for a patch applied by a hook, what the hook
    did not do): an empty list when all is well."""
    apply: Callable[[], None] | None = None
    """None for a change made through a Wagtail hook on a private target, which is only
    checked here."""


def patches() -> list[Patch]:
    from portal.wagtail_patches import admin_api, page_filters, site_lookup

    return [page_filters.PATCH, admin_api.PATCH, site_lookup.PATCH]


_installed: set[str] = set()


def install() -> None:
    """Apply every patch whose target is there (once); the others are reported by the check."""
    for patch in patches():
        if patch.apply is None or patch.name in _installed or patch.missing():
            continue
        patch.apply()
        _installed.add(patch.name)


@checks.register()
def check_patches(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An error for each patch whose target Wagtail no longer has (or that is not installed)."""
    errors = []
    for patch in patches():
        missing = patch.missing()
        if missing or (patch.apply is not None and patch.name not in _installed):
            errors.append(
                checks.Error(
                    f"The portal's patch '{patch.name}' cannot be applied: {patch.target} "
                    f"has no {', '.join(missing) or 'installed patch'}.",
                    hint=f"{patch.why} Find the target's new place in this Wagtail version and "
                    "update portal/wagtail_patches/ (docs/architecture.md, 'Wagtail patches').",
                    obj=patch.target,
                    id="portal.E001",
                )
            )
    return errors
