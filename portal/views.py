from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "robots.txt",
        {"sitemap_url": f"{root_url}/sitemap.xml"},
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def healthz(request):
    """Liveness and database reachability for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    """The 400 page: the reason when it is ours to tell (a bad parameter), in the site's chrome.

    Django calls this for a BadRequest or SuspiciousOperation raised anywhere (views and
    middleware). Rendering the themed page needs the database; if that fails too the
    plain page is served.
    """
    from portal.querystring import InvalidParameter

    message = exception.message if isinstance(exception, InvalidParameter) else ""
    try:
        return render(request, "400.html", {"message": message}, status=400)
    except Exception:  # noqa: BLE001 - the error page must not fail
        from django.template import loader

        template = loader.get_template("400-plain.html")
        return HttpResponse(template.render({"message": message}), status=400)


def server_error(request):
    """A 500 page that needs no database and no context processors.

    A database outage is not a server error of ours: 503 with Retry-After (portal/outage.py).
    """
    import sys

    from django.template import loader

    from portal.outage import database_unavailable, unavailable_response

    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)
