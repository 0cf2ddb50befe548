"""The public listings' pagination, once: a page number that is not a page of the list is a
404 with a Vietnamese message (never the first or the last page instead, so that a crawler
does not index the same page under endless addresses)."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate_or_404(items, *, per_page: int, request, param: str = "page") -> Page:
    """The page of `items` that the query parameter `param` asks for (the first without it)."""
    try:
        return Paginator(items, per_page).page(request.GET.get(param) or 1)
    except InvalidPage:
        raise Http404(_("This page of the list does not exist.")) from None
