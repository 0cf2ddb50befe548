"""Settings shared by every environment. Safe by itself: nothing here is a secret."""

from pathlib import Path

import dj_database_url

from portal.settings.env import env
from search.config import search_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
THEMES_DIR = BASE_DIR / "themes"

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    "portal",
    "themes",
    "search",
    "sites",
    "services",
    "applications",
    "procedures",
    "admissions",
    "calendars",
    "legaldocs",
    "organisation",
    "questions",
    "consultations",
    "disclosures",
    "alerts",
    "accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A query string no page can read (control characters, NUL, huge values) is a 400 here.
    "portal.querystring.QueryStringGuardMiddleware",
    "portal.site_roots.SiteRootPathsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Over capacity, new visitors wait in a queue instead of timing out (portal/waitingroom.py).
    "portal.waitingroom.WaitingRoomMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin: only on ADMIN_HOSTS (when set), signed out after ADMIN_IDLE_TIMEOUT.
    "portal.accounts.StaffSessionMiddleware",
    # Two-factor sign-in (accounts/): who verified a code this session; the admin asks for one.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # Wagtail's page-chooser "chosen" view has no hook: keep school users to their school.
    "sites.hooks.isolation.SchoolIsolationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "themes.middleware.ThemeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Public templates live in themes/<name>/templates and are resolved by the
        # theme loader (current theme first, then "default"); app templates after.
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                (
                    "themes.loaders.CachedThemeLoader",
                    [
                        "themes.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL selects PostgreSQL (production, CI) or SQLite (the embedded default).
DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, process memory otherwise. Redis is an accelerator, not a
# single point of failure (portal/cache.py): when it cannot be reached, each process carries on
# from its own memory, waits at most the socket timeouts once per CACHE_RETRY_SECONDS, logs the
# outage once per CACHE_LOG_INTERVAL and goes back to Redis as soon as it answers.
REDIS_URL = env.str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env.int("REDIS_CONNECT_TIMEOUT_MS", 300) / 1000,
                "SOCKET_TIMEOUT": env.int("REDIS_SOCKET_TIMEOUT_MS", 500) / 1000,
                "RETRY_SECONDS": env.int("CACHE_RETRY_SECONDS", 5),
                "LOG_INTERVAL": env.int("CACHE_LOG_INTERVAL", 60),
                "FALLBACK_MAX_TIMEOUT": env.int("CACHE_FALLBACK_MAX_TIMEOUT", 30),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (portal/accounts.py): lockout after failures per account and per address,
# counted in the shared cache; admin sessions end when idle, and last at most a working day.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.ThrottledLoginForm"
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", 900)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", 900)
ADMIN_IDLE_TIMEOUT = env.int("ADMIN_IDLE_TIMEOUT", 1800)
ADMIN_SESSION_MAX_AGE = env.int("ADMIN_SESSION_MAX_AGE", 12 * 3600)
# Host names /admin/ answers on (empty: every host); e.g. the portal's own host in production.
ADMIN_HOSTS = [host.lower() for host in env.list("ADMIN_HOSTS", "")]
# Two-factor sign-in (accounts/): TOTP with single-use recovery codes. Required, when this is on,
# of department administrators and of everyone with access to the applications back office;
# anyone who enrolled a device is asked for a code either way. On in production; the local
# demo (`make run`) and the tests turn it off unless the environment says otherwise.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", True)
# The name authenticator apps show beside the account.
TWO_FACTOR_ISSUER = env.str("TWO_FACTOR_ISSUER", env.str("PORTAL_NAME", "Sở Giáo dục và Đào tạo"))
OTP_TOTP_ISSUER = TWO_FACTOR_ISSUER
# The sign-in audit (accounts.SignInEvent) keeps this many days (purge_sign_in_events, daily).
SIGN_IN_AUDIT_RETENTION_DAYS = env.int("SIGN_IN_AUDIT_RETENTION_DAYS", 365)

# Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own catalogue first; then the Vietnamese catalogue of Wagtail's admin, which Wagtail
# itself ships only partly translated (compiled by `make messages`).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = sorted(path for path in (THEMES_DIR.glob("*/static")) if path.is_dir())
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Online applications' files: a storage of their own, outside MEDIA_ROOT and never served by
# URL (applications/storage.py). SERVICES_PRIVATE_STORAGE may name another backend (a private
# bucket); its options then come from that backend's own settings.
SERVICES_PRIVATE_ROOT = Path(env.str("SERVICES_PRIVATE_ROOT", str(BASE_DIR / "private")))
STORAGES["services_private"] = {
    "BACKEND": env.str("SERVICES_PRIVATE_STORAGE", "applications.storage.PrivateFileSystemStorage"),
    "OPTIONS": (
        {"location": str(SERVICES_PRIVATE_ROOT), "base_url": None}
        if not env.str("SERVICES_PRIVATE_STORAGE", "")
        else {}
    ),
}

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this to SAMEORIGIN themselves.
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp). Nothing is loaded from another host except
# the video providers that the "embedded video" block may frame.
CSP_FRAME_SOURCES = env.list(
    "CSP_FRAME_SOURCES", "https://www.youtube.com,https://www.youtube-nocookie.com"
)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-src": ["'self'", *CSP_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Logging: to stdout; request bodies and form data are never logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        # fpdf2's font subsetting (the PDF receipt) logs dozens of INFO lines per file.
        "fontTools": {"level": "WARNING"},
        # During a database outage, one line per interval instead of a traceback per request.
        "django.request": {"filters": ["database_outage"]},
    },
    "filters": {"database_outage": {"()": "portal.outage.OutageLogFilter"}},
}
# A database outage answers 503 with this Retry-After (seconds) and a page that reloads itself
# (portal/outage.py); its log lines come at most once per interval (seconds).
DATABASE_OUTAGE_RETRY_AFTER = env.int("DATABASE_OUTAGE_RETRY_AFTER", 10)
DATABASE_OUTAGE_LOG_INTERVAL = env.int("DATABASE_OUTAGE_LOG_INTERVAL", 60)
# The waiting room (portal/waitingroom.py, docs/overload.md): off unless enabled (production
# enables it). Over capacity when a process serves more than MAX_IN_FLIGHT requests at once
# (threaded workers; 0: not used), when a request waited more than MAX_QUEUE_MS for a worker
# (nginx's X-Request-Start; 0: not used), or when more than ADMIT_RATE new visitors a second
# came in (0: not used). Whoever is let in stays in for ADMISSION_SECONDS (renewed while active).
WAITING_ROOM_ENABLED = env.bool("WAITING_ROOM_ENABLED", False)
WAITING_ROOM_MAX_IN_FLIGHT = env.int("WAITING_ROOM_MAX_IN_FLIGHT", 0)
WAITING_ROOM_MAX_QUEUE_MS = env.int("WAITING_ROOM_MAX_QUEUE_MS", 2000)
WAITING_ROOM_ADMIT_RATE = env.int("WAITING_ROOM_ADMIT_RATE", 0)
WAITING_ROOM_ADMISSION_SECONDS = env.int("WAITING_ROOM_ADMISSION_SECONDS", 1800)
WAITING_ROOM_REFRESH_SECONDS = env.int("WAITING_ROOM_REFRESH_SECONDS", 15)
WAITING_ROOM_CALM_SECONDS = env.int("WAITING_ROOM_CALM_SECONDS", 30)
# Never shed: static files, health checks, the staff's admin, payment notifications from VNPay.
WAITING_ROOM_EXEMPT_PATHS = env.list(
    "WAITING_ROOM_EXEMPT_PATHS",
    "/static/,/media/,/healthz,/admin/,/thanh-toan/vnpay/ipn/,/robots.txt,/favicon.ico",
)
WAITING_ROOM_CACHE_ALIAS = "default"
# Sessions in the database; a session lost with the database is an outage, not a sign-out.
SESSION_ENGINE = "portal.sessions"

# E-mail (contact form notifications).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "cong-thong-tin@localhost")

# Wagtail.
WAGTAIL_SITE_NAME = env.str("PORTAL_NAME", "Sở Giáo dục và Đào tạo")
WAGTAILADMIN_BASE_URL = env.str("PORTAL_BASE_URL", "http://localhost:8000")
PORTAL_DOMAIN = env.str("PORTAL_DOMAIN", "localhost")
# Search: SEARCH_BACKEND=database (default) | elasticsearch | opensearch (+ SEARCH_URL).
WAGTAILSEARCH_BACKENDS, PORTAL_SEARCH_ENGINE, PORTAL_SEARCH_ELASTIC = search_settings(env)
# Documents are always served through Wagtail's view, which checks collection privacy
# (with remote storage Wagtail would otherwise redirect to the bucket's public address).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Zip-based documents (DOCX, XLSX, ODT, ODS) are checked before their text is read, and
# applicants' DOCX files on upload (portal/archives.py): a package declaring more than this
# inflated in all or per member, more members, or a member compressed more than the ratio to
# one, is refused as a zip bomb; reading one member stops past the time limit (seconds).
ARCHIVE_MAX_UNCOMPRESSED_MB = env.int("ARCHIVE_MAX_UNCOMPRESSED_MB", 200)
ARCHIVE_MAX_MEMBER_MB = env.int("ARCHIVE_MAX_MEMBER_MB", 50)
ARCHIVE_MAX_MEMBERS = env.int("ARCHIVE_MAX_MEMBERS", 5000)
ARCHIVE_MAX_RATIO = env.int("ARCHIVE_MAX_RATIO", 100)
ARCHIVE_MAX_SECONDS = env.int("ARCHIVE_MAX_SECONDS", 30)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # "Đăng ký" → "dang-ky"
TAGGIT_CASE_INSENSITIVE = True

# Contact forms: a submission faster than this is treated as a robot.
FORM_MIN_SECONDS = env.int("FORM_MIN_SECONDS", 3)
FORM_MAX_AGE_SECONDS = env.int("FORM_MAX_AGE_SECONDS", 24 * 3600)
# The longest message a contact form's multi-line field accepts (characters).
FORM_MAX_MESSAGE_LENGTH = env.int("FORM_MAX_MESSAGE_LENGTH", 5000)

# Public submission forms (questions, consultation comments): at most this many submissions
# per client IP address per window (seconds), counted in the cache named here.
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", 5)
PUBLIC_FORM_RATE_WINDOW = env.int("PUBLIC_FORM_RATE_WINDOW", 3600)
RATELIMIT_CACHE_ALIAS = "default"
# Behind a trusted proxy that overwrites it (deploy/nginx sets X-Real-IP): the request header
# holding the client's address, e.g. HTTP_X_REAL_IP. Empty: REMOTE_ADDR.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", "")
THEME_DEFAULT = "default"

# Online services.
NATIONAL_PORTAL_PROCEDURE_URL = env.str(
    "NATIONAL_PORTAL_PROCEDURE_URL",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
)
SERVICES_MAX_APPLICATION_MB = env.int("SERVICES_MAX_APPLICATION_MB", 30)
SERVICES_TRACKING_LIMIT = env.int("SERVICES_TRACKING_LIMIT", 10)  # lookups per window per IP
SERVICES_TRACKING_WINDOW = env.int("SERVICES_TRACKING_WINDOW", 600)  # seconds
# Answers posted to journey pages per client address per window: generous, since a school's
# help desk registers many families from one address and carriers share addresses.
SERVICES_JOURNEY_STEP_LIMIT = env.int("SERVICES_JOURNEY_STEP_LIMIT", 300)
SERVICES_JOURNEY_STEP_WINDOW = env.int("SERVICES_JOURNEY_STEP_WINDOW", 600)  # seconds
# An application whose fee is still unpaid this many days after submission is closed.
SERVICES_UNPAID_DAYS = env.int("SERVICES_UNPAID_DAYS", 30)
# ClamAV's daemon scans every upload when set: tcp://127.0.0.1:3310 or
# unix:///run/clamav/clamd.ctl (applications/malware.py). Empty: no scan.
CLAMAV_URL = env.str("CLAMAV_URL", "")
CLAMAV_TIMEOUT = env.int("CLAMAV_TIMEOUT", 30)  # seconds
# Applicant notifications (applications/notifications.py): e-mail through EMAIL_*, SMS through an
# HTTP gateway (empty URL: no SMS). A failed notification is retried with a back-off and given
# up after NOTIFY_MAX_ATTEMPTS attempts (then staff may resend it from the back office).
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = env.str("SMS_SENDER", "")
SMS_GATEWAY_TIMEOUT = env.int("SMS_GATEWAY_TIMEOUT", 10)  # seconds
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", 4)
# Online payment of procedure fees through VNPay (applications/vnpay.py): without the merchant
# code and hash secret, online payment is unavailable (the applicant is told so).
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", "")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", "")
VNPAY_PAYMENT_URL = env.str(
    "VNPAY_PAYMENT_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
# The public address the applicant comes back to (scheme and host), when the request's own
# host is not it; empty: the request's.
VNPAY_RETURN_BASE = env.str("VNPAY_RETURN_BASE", "")
# Background tasks through django-tasks (the tasks framework Wagtail 8 uses): the immediate
# backend runs a task right after the transaction commits; production may set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker` (deploy/README.md).
TASKS_BACKEND = env.str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND.startswith("django_tasks_db."):
    INSTALLED_APPS.append("django_tasks_db")

# The fleet dashboard flags a school that has published nothing for this many days.
FLEET_STALE_DAYS = env.int("FLEET_STALE_DAYS", 30)
# Public disclosures: the month a school year starts ("2025-2026" runs from September 2025).
SCHOOL_YEAR_START_MONTH = env.int("SCHOOL_YEAR_START_MONTH", 9)
