from django import template
from wagtail.models import Site

from alerts.selectors import site_alerts_cached

register = template.Library()


@register.inclusion_tag("includes/site_alerts.html", takes_context=True)
def site_alerts(context):
    """The alert banner of the current site (from the per-site cache; nothing without a request)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return {"alerts": site_alerts_cached(site=site)}
