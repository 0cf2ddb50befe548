"""The portal's URLs plus a bare view (bench/cpu_settings.py): no template, no query."""

from django.http import HttpResponse
from django.urls import include, path

BARE_PATH = "/__bench-bare__/"


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), path("", include("portal.urls"))]
