"""Wagtail hooks: fleet."""
