import re

from django import template

register = template.Library()


@register.filter
def tel_href(phone):
    """ "0255 3822.123" → "tel:02553822123" (keeps a leading +)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone or "")


@register.filter
def chart_people(people):
    """The people the chart names for a unit: its leaders, or everyone when none is marked."""
    leaders = [person for person in people if person.get("is_leader")]
    return leaders or list(people)
