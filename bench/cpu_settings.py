"""Production settings plus one bare Django view, for the in-process CPU figures of
bench/pages.py: the bare view goes through the same middleware stack as the pages, so the
page/bare ratio is what the portal adds on top of Django itself."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
