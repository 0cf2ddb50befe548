"""Tests: fast hashing, in-memory e-mail, no waiting on the anti-spam timer by default.

Under pytest-xdist every worker (PYTEST_XDIST_WORKER, "gw0", "gw1", ...) has its own media and
private folders, as pytest-django gives it its own test database: a worker that finishes first
removes only its own files.
"""

import os

from portal.settings.base import *  # noqa: F403

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_SUFFIX = f"-{_WORKER}" if _WORKER else ""

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / f"media-test{_SUFFIX}"  # noqa: F405
SERVICES_PRIVATE_ROOT = BASE_DIR / f"media-test-private{_SUFFIX}"  # noqa: F405
STORAGES["services_private"]["OPTIONS"]["location"] = str(SERVICES_PRIVATE_ROOT)  # noqa: F405
FORM_MIN_SECONDS = 1
# Off for the suite at large (its admin tests sign in with a password); tests/accounts turn it on.
TWO_FACTOR_REQUIRED = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The waiting room is off in tests (base.py's default); a test that needs it turns it on.
