from django.conf import settings


def portal(request):
    """The portal's configured name, used where a site has not set its organisation name."""
    return {"default_site_name": settings.WAGTAIL_SITE_NAME}
