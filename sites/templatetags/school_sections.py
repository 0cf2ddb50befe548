from django import template
from wagtail.models import Site

from sites.sections import EMPTY_SECTION_TEXT, section_kind_of
from sites.selectors import school_for_page

register = template.Library()


@register.inclusion_tag("includes/empty_section.html", takes_context=True)
def empty_section(context, page):
    """A section with no content yet: what will appear here, and whom to contact meanwhile
    (the site's own contact details, from its settings)."""
    school = school_for_page(page)
    kind = section_kind_of(page)
    return {
        "text": EMPTY_SECTION_TEXT.get(kind) if school is not None else None,
        "settings": context.get("settings"),
        "request": context.get("request"),
        "default_site_name": context.get("default_site_name"),
    }


@register.simple_tag(takes_context=True)
def parent_portal_url(context):
    """The root URL of the site a school's site belongs to (the department's portal), or ""
    on the department's own site. From Wagtail's cached site root paths: no query."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    paths = Site.get_site_root_paths()
    own = next((path.root_path for path in paths if path.site_id == site.id), None)
    if own is None:
        return ""
    parents = [
        path
        for path in paths
        if path.site_id != site.id and own.startswith(path.root_path) and path.root_path != own
    ]
    if not parents:
        return ""
    return max(parents, key=lambda path: len(path.root_path)).root_url + "/"
