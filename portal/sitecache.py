"""The per-site cache of what every page shows around its content (the "chrome").

Every public page shows the same things for a site: which site the host is, its settings
(organisation, menus, theme), its alerts and the home page's quick links. They change a few
times a day and are read on every request, so they are read from the shared cache (Redis in
production), once per site per change.

Keys are versioned, never deleted one by one: each value's key holds the site id and two
generation tokens, the site's own and the portal-wide one::

    chrome:<piece>:<site id>:<portal generation>:<site generation>

A change bumps the generation of every site it concerns (a new random token), or the
portal-wide one when it concerns every site; the old keys are then never read again and
expire by themselves. A bump is made at once and again when the transaction commits, so
that another process cannot cache what it read before the commit under the new token.

Listings use a second generation per site, bumped when a page of the site is published,
unpublished, moved or deleted (``content_generation``).

The cache is an accelerator, never the source: when it is empty, evicted or unavailable
(a get answers nothing, or raises), the value is read from the database and the page is the
same. Nothing personal is ever stored here: only what an anonymous visitor sees on every
page of a site.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction

from portal.site_roots import request_memo

logger = logging.getLogger(__name__)

EVERY_SITE = "all"
DEFAULT_TIMEOUT = 24 * 3600
GENERATION_TIMEOUT = 30 * 24 * 3600
# A process-local cache (no REDIS_URL) cannot tell the other workers of a change: there the
# generations live this long only, which bounds how stale another worker's chrome can be.
LOCAL_GENERATION_TIMEOUT = 120
_MEMO_ATTR = "_portal_sitecache"
_quiet = ContextVar("sitecache_quiet", default=False)


@contextmanager
def unchanged() -> Iterator[None]:
    """Writes inside that change nothing visible (a settings row created with its defaults
    the first time it is read) bump nothing."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _generation_timeout() -> int:
    from django.core.cache.backends.locmem import LocMemCache

    return LOCAL_GENERATION_TIMEOUT if isinstance(_backend(), LocMemCache) else GENERATION_TIMEOUT


def _backend():
    from django.core.cache import caches

    return caches["default"]


def _generation_key(scope: str) -> str:
    return f"chrome:gen:{scope}"


def _safe_get_many(keys: list[str]) -> dict[str, Any]:
    try:
        return cache.get_many(keys) or {}
    except Exception:  # the cache is down: read the database instead
        logger.warning("site cache unavailable (read)", exc_info=True)
        return {}


def _safe_set_many(values: dict[str, Any], timeout: int) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:
        logger.warning("site cache unavailable (write)", exc_info=True)


def _memo() -> dict | None:
    """This request's memo of generations and values (None outside a request)."""
    request = request_memo()
    if request is None:
        return None
    memo = getattr(request, _MEMO_ATTR, None)
    if memo is None:
        memo = {}
        setattr(request, _MEMO_ATTR, memo)
    return memo


def _start_generation(key: str) -> str:
    """A new token for a missing generation; ``add``, so that a bump made meanwhile by another
    process is kept rather than overwritten."""
    token = uuid.uuid4().hex[:16]
    try:
        if not cache.add(key, token, _generation_timeout()):
            token = cache.get(key) or token
    except Exception:
        logger.warning("site cache unavailable (write)", exc_info=True)
    return token


def _generations(scopes: list[str]) -> list[str]:
    """The current token of each scope; a scope without one (a new site, an emptied cache)
    gets a new random one, so that nothing cached before can match it."""
    memo = _memo()
    wanted = [scope for scope in scopes if memo is None or ("gen", scope) not in memo]
    if wanted:
        keys = [_generation_key(scope) for scope in wanted]
        found = _safe_get_many(keys)
        for scope, key in zip(wanted, keys, strict=True):
            token = found.get(key)
            if token is None:
                token = _start_generation(key)
            if memo is not None:
                memo["gen", scope] = token
            else:
                found[key] = token
        if memo is None:
            return [found[_generation_key(scope)] for scope in scopes]
    return [memo["gen", scope] for scope in scopes]


def site_key(piece: str, site_id: int) -> str:
    """The current key of ``piece`` for the site (its id and both generations in it)."""
    portal, site = _generations([EVERY_SITE, str(site_id)])
    return f"chrome:{piece}:{site_id}:{portal}:{site}"


def content_generation(site_id: int) -> str:
    """A token that changes whenever a page of the site is published, unpublished, moved or
    deleted, a news category or an image is edited, or the site's chrome changes: listing
    fragments are keyed by it."""
    scopes = [EVERY_SITE, str(site_id), f"content:{EVERY_SITE}", f"content:{site_id}"]
    return "-".join([str(site_id), *_generations(scopes)])


def read_through(
    piece: str,
    *,
    site_id: int,
    build: Callable[[], Any],
    timeout: int | Callable[[Any], int] = DEFAULT_TIMEOUT,
    still_valid: Callable[[Any], bool] | None = None,
    cache_if: Callable[[Any], bool] | None = None,
) -> Any:
    """``piece`` of the site from the cache, else ``build()`` (stored for the next request).

    ``timeout`` may be a function of the value (alerts: until their next start or expiry);
    ``still_valid`` refuses a cached value that has run out by itself before its timeout;
    ``cache_if`` keeps a value out of the cache (it is still returned).
    """
    memo = _memo()
    key = site_key(piece, site_id)
    if memo is not None and ("value", key) in memo:
        return memo["value", key]
    boxed = _safe_get_many([key]).get(key)
    if (
        isinstance(boxed, tuple)
        and len(boxed) == 1
        and (still_valid is None or still_valid(boxed[0]))
    ):
        value = boxed[0]
    else:
        value = build()
        # Building may itself bump the generation (a settings row created on first read).
        key = site_key(piece, site_id)
        seconds = timeout(value) if callable(timeout) else timeout
        if seconds > 0 and (cache_if is None or cache_if(value)):
            _safe_set_many({key: (value,)}, seconds)  # boxed: a cached None is a value too
    if memo is not None:
        memo["value", key] = value
    return value


def _bump(scopes: set[str]) -> None:
    _safe_set_many(
        {_generation_key(scope): uuid.uuid4().hex[:16] for scope in scopes},
        _generation_timeout(),
    )


def bump(*, site_ids: Iterable[int] = (), every_site: bool = False, content: bool = False) -> None:
    """A change: the chrome of these sites (or of every site) is read afresh from now on.

    ``content``: only the listings of these sites (or of every site) changed, not their chrome.
    """
    if _quiet.get():
        return
    site_ids = {int(pk) for pk in site_ids if pk is not None}
    if every_site:
        scopes = {f"content:{EVERY_SITE}" if content else EVERY_SITE}
    elif content:
        scopes = {f"content:{pk}" for pk in site_ids}
    else:
        scopes = {str(pk) for pk in site_ids}
    if not scopes:
        return
    memo = _memo()
    if memo is not None:
        memo.clear()  # this request sees its own change too
    _bump(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(scopes))
