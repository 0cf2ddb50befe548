"""Wagtail hooks: provisioning."""
