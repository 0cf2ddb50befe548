from django import template
from wagtail.models import Page, Site

from portal.querystring import optional_int

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The pages from the current site's home page down to (excluding) ``page``."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    if page is None or page.depth <= root_depth:
        return []
    return list(
        page.get_ancestors()
        .filter(depth__gte=root_depth)
        .live()
        .only("id", "title", "url_path", "depth", "path")
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address without query string, keeping the list page number.

    A page belongs to the most specific Site whose root is above it: a school's pages belong
    to the school's host even when served by path on the portal (/truong-hoc/<slug>/…), and
    their canonical address is on that host. Sub-routes of a routable page keep their tail.
    """
    request = context["request"]
    url = _page_canonical_url(request, context.get("page"))
    if url is None:
        url = request.build_absolute_uri(request.path)
    page_number = optional_int(request.GET.get("page"), minimum=2)
    if page_number is not None:
        url = f"{url}?page={page_number}"
    return url


def _page_canonical_url(request, page):
    """The canonical address of ``page`` served at ``request.path``, or None to use the request."""
    if not isinstance(page, Page):
        return None
    own = page.get_url_parts()  # no request: the most specific site wins
    served = page.get_url_parts(request)  # with a request: the current site wins
    if not own or not served or own[1] is None or served[2] is None:
        return None
    site = Site.find_for_request(request)
    if site is None or own[0] == site.pk:
        return None
    tail = request.path[len(served[2]) :] if request.path.startswith(served[2]) else ""
    return own[1] + own[2] + tail


@register.simple_tag(takes_context=True)
def link_url(context, value):
    """The address of a LinkBlock/QuickLinkBlock value: its page, else its URL, else ''."""
    page = value.get("page")
    if page:
        return page.get_url(context.get("request")) or ""
    return value.get("url") or ""


@register.filter
def image_alt(image):
    """The alt text of an image in a block: "" when the editor marked it decorative, else the
    text written in the block, else the image's own (its description or title). Images chosen
    before the block asked for alt text come without one, and would render without `alt`."""
    if image is None or getattr(image, "decorative", False):
        return ""
    return (getattr(image, "contextual_alt_text", None) or image.default_alt_text or "").strip()
