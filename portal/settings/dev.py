"""Development: the embedded default (SQLite, local files, console e-mail)."""

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env

# Off by default, so that trying the portal (`make run`) shows the pages a visitor would see,
# the Vietnamese 404 and 500 included; DEBUG=true gives a developer Django's debug pages.
DEBUG = env.bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
INTERNAL_IPS = ["127.0.0.1"]
# The local demo's administrator signs in with a password alone; TWO_FACTOR_REQUIRED=true tries
# two-factor sign-in locally (production requires it).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", False)

# Uploaded images and documents are served by the development server itself (with or without
# DEBUG); in production nginx or the object store serves them.
SERVE_MEDIA = True

# Serve static files straight from the theme and app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
