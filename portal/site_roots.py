"""One read of the site root paths per request, however many pages ask for their URL.

Wagtail keeps the list of site root paths in the cache and memoises it on the object it is
given, the request when a caller passes one. Some of Wagtail's own admin code asks for a page's
URL without the request (the explorer's "View live" button), so each such page reads — and
unpickles — the whole list again: with 900 school sites, 50 rows of the explorer made 50 reads
of 901 entries, a fifth of the page's time. `SiteRootPathsMiddleware` makes the current
request the memo that `PortalPage` falls back on when it is not given one, so the callers that
pass the request and those that do not share a single read.
"""

from contextvars import ContextVar

_request_memo = ContextVar("site_root_paths_memo", default=None)


def request_memo():
    """The request being served (Wagtail memoises on it), or None outside a request."""
    return _request_memo.get()


class SiteRootPathsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set(request)
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)
