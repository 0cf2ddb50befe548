"""The theme of the request being served, shared with the template loader."""

from contextvars import ContextVar

from themes.registry import DEFAULT_THEME

current_theme_name = ContextVar("current_theme_name", default=DEFAULT_THEME)
