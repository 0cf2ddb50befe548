"""The admissions back office beyond the engine's queue: each module registers its admin views
with Wagtail hooks and is imported from admissions/wagtail_hooks.py."""
