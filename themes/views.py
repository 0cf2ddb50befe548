import hashlib

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET
from wagtail.models import Site

from themes.models import ThemeSettings
from themes.selectors import site_stylesheet_css

# A URL carrying the current version (?v=) never changes content; any other is rechecked soon.
VERSIONED_MAX_AGE = 365 * 24 * 3600
UNVERSIONED_MAX_AGE = 300


def _theme_settings(request):
    if not hasattr(request, "_site_stylesheet_settings"):
        site = Site.find_for_request(request)
        request._site_stylesheet_settings = (
            ThemeSettings.for_site(site) if site is not None else None
        )
    return request._site_stylesheet_settings


def _etag(request):
    theme_settings = _theme_settings(request)
    if theme_settings is None or not theme_settings.primary_colour:
        return None
    digest = hashlib.sha256(theme_settings.stylesheet_version.encode()).hexdigest()[:20]
    return f'"{digest}"'


@require_GET
@condition(etag_func=_etag)
def site_stylesheet(request):
    """The current site's colours as CSS variables (the CSP forbids inline styles)."""
    theme_settings = _theme_settings(request)
    if theme_settings is None or not theme_settings.primary_colour:
        raise Http404
    response = HttpResponse(
        site_stylesheet_css(primary_colour=theme_settings.primary_colour),
        content_type="text/css; charset=utf-8",
    )
    if request.GET.get("v") == theme_settings.stylesheet_version:
        patch_cache_control(response, public=True, max_age=VERSIONED_MAX_AGE, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=UNVERSIONED_MAX_AGE)
    return response
