"""School subsites: school page types, provisioning, per-site settings, permissions.

The models arrive with the school subsites issue; the app is installed from the start
so that the project layout is the one DESIGN.md describes.
"""
