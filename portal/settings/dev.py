"""Development: the embedded default (SQLite, local files, console e-mail)."""

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env

DEBUG = env.bool("DEBUG", True)
SECRET_KEY = env.str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
INTERNAL_IPS = ["127.0.0.1"]

# Serve static files straight from the theme and app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
