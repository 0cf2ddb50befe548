"""Online services: procedures, admissions and the shared application engine.

The models arrive with the online services issue; the app is installed from the start
so that the project layout is the one DESIGN.md describes.
"""
