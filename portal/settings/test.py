"""Tests: fast hashing, in-memory e-mail, no waiting on the anti-spam timer by default."""

from portal.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
SERVICES_PRIVATE_ROOT = BASE_DIR / "media-test-private"  # noqa: F405
STORAGES["services_private"]["OPTIONS"]["location"] = str(SERVICES_PRIVATE_ROOT)  # noqa: F405
FORM_MIN_SECONDS = 1
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
