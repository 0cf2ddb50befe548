"""Reads for the per-site branding."""

from __future__ import annotations

from themes.contrast import darken, normalise_hex


def site_stylesheet_css(*, primary_colour) -> str:
    """The per-site stylesheet: the site's primary colour as the theme's CSS variables.

    The dark variant (navigation band, hover) is derived so that it contrasts with white
    even more than the validated primary colour does.
    """
    colour = normalise_hex(primary_colour)
    return (
        "/* Màu chủ đạo của trang (cài đặt giao diện). */\n"
        ":root {\n"
        f"    --colour-primary: {colour};\n"
        f"    --colour-primary-dark: {darken(colour)};\n"
        "}\n"
    )
