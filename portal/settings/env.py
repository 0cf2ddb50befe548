"""One typed reader of environment variables.

Every setting that can come from the environment is read through ``env`` so
that a missing or malformed value fails loudly with the variable's name.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


class Env:
    def __init__(self, environ=None):
        self.environ = os.environ if environ is None else environ

    def _raw(self, name, default):
        value = self.environ.get(name)
        if value is None:
            if default is _MISSING:
                raise ImproperlyConfigured(f"Environment variable {name} is required.")
            return default
        return value

    def str(self, name, default=_MISSING):
        return self._raw(name, default)

    def bool(self, name, default=_MISSING):
        value = self._raw(name, default)
        if isinstance(value, bool):
            return value
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"Environment variable {name} must be a boolean, got {value!r}.")

    def int(self, name, default=_MISSING):
        value = self._raw(name, default)
        if isinstance(value, int):
            return value
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(
                f"Environment variable {name} must be an integer, got {value!r}."
            ) from None

    def list(self, name, default=_MISSING):
        """A comma-separated list; empty items are dropped."""
        value = self._raw(name, default)
        if isinstance(value, (list, tuple)):
            return list(value)
        return [item.strip() for item in value.split(",") if item.strip()]


env = Env()
