from themes.current import current_theme_name
from themes.models import ThemeSettings

UNTHEMED_PATHS = ("/admin/", "/healthz")


class ThemeMiddleware:
    """Sets the theme chosen in the current site's settings for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        theme = None
        if not request.path.startswith(UNTHEMED_PATHS):
            theme = ThemeSettings.theme_for_request(request)
        token = current_theme_name.set(theme.name) if theme else None
        request.theme = theme
        try:
            return self.get_response(request)
        finally:
            if token is not None:
                current_theme_name.reset(token)
