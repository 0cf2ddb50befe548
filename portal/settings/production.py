"""Production: refuses to start without a secret key and allowed hosts; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the portal's host names (for example "
        "'sogd.example.edu.vn,.sogd.example.edu.vn') in production."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", "")

# Persistent database connections: a new PostgreSQL connection per request made pages
# 1.25-1.6 times slower (issue 17). Checked before reuse, so a restarted database costs one
# failed request's worth of nothing: the connection is replaced. DATABASE_CONN_MAX_AGE=0
# returns to one connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Behind PgBouncer in transaction pooling (deploy/pgbouncer/), a server-side cursor cannot
# outlive its transaction's server connection: Django must not use them.
DISABLE_SERVER_SIDE_CURSORS = env.bool("DATABASE_TRANSACTION_POOLING", False)
# The gateways' tokens and payment requests travel over TLS only.
for _gateway in ("SMS_GATEWAY_URL", "VNPAY_PAYMENT_URL"):
    if globals()[_gateway] and not globals()[_gateway].startswith("https://"):
        raise ImproperlyConfigured(f"{_gateway} must be an https:// address in production.")

# HTTPS. The reverse proxy (deploy/nginx) terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# Media on S3-compatible storage when a bucket is configured (django-storages).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", "") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    # Image renditions are then loaded from the bucket's host: allow it in the CSP.
    _media_origin = AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin)  # noqa: F405

# Documents on the local disk: Wagtail's view checks privacy, then nginx sends the bytes
# (X-Accel-Redirect to the internal location /_documents/ in deploy/nginx/portal.conf).
if not AWS_STORAGE_BUCKET_NAME and env.bool("DOCUMENTS_X_ACCEL_REDIRECT", True):
    SENDFILE_BACKEND = "portal.sendfile_nginx"
    SENDFILE_ROOT = str(MEDIA_ROOT / "documents")  # noqa: F405
    SENDFILE_URL = "/_documents/"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)

# The waiting room is on in production: by default it sheds when requests wait more than
# WAITING_ROOM_MAX_QUEUE_MS behind busy workers (deploy/nginx sets X-Request-Start).
WAITING_ROOM_ENABLED = env.bool("WAITING_ROOM_ENABLED", True)

# deploy/nginx overwrites X-Real-IP with the client's address: rate limits count by it.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
