"""WCAG 2.1 contrast between two colours (used to check themes and, later, site colours)."""

import re

AA_NORMAL_TEXT = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_hex(colour):
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"Not a hex colour: {colour!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def relative_luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in parse_hex(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground, background):
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_colour(value):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        parse_hex(value)
    except ValueError:
        raise ValidationError(_("Enter a colour as #rrggbb, for example #0b4f8a.")) from None
