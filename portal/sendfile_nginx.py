"""A sendfile backend for Wagtail's document view: nginx sends the bytes (X-Accel-Redirect).

Wagtail's `serve` view checks the collection's privacy first, then calls the backend named by
SENDFILE_BACKEND with the file's local path. This backend answers with an empty response whose
X-Accel-Redirect header names the file under SENDFILE_URL, an `internal` nginx location that
maps to SENDFILE_ROOT (deploy/nginx/portal.conf), so a Gunicorn worker is freed at once.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, **kwargs):
    root = Path(settings.SENDFILE_ROOT).resolve()
    try:
        relative = Path(filename).resolve().relative_to(root)
    except ValueError:
        raise Http404("The file is outside SENDFILE_ROOT.") from None
    response = HttpResponse()
    response["X-Accel-Redirect"] = (
        settings.SENDFILE_URL.rstrip("/") + "/" + quote(relative.as_posix())
    )
    return response
