from django import template
from wagtail.models import Site

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
    """The page's own address without query string, keeping the list page number."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page_number = request.GET.get("page")
    if page_number and page_number.isdigit() and page_number != "1":
        url = f"{url}?page={page_number}"
    return url


@register.simple_tag(takes_context=True)
def link_url(context, value):
    """The address of a LinkBlock/QuickLinkBlock value: its page, else its URL, else ''."""
    page = value.get("page")
    if page:
        return page.get_url(context.get("request")) or ""
    return value.get("url") or ""
