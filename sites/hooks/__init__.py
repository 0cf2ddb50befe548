"""Wagtail hooks of the school subsites, one module per concern (imported by wagtail_hooks)."""
