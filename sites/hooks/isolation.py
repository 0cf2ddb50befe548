"""Wagtail hooks: isolation."""
