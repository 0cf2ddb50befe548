from django import template

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
