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


def darken(colour, amount=0.25):
    """``colour`` mixed with ``amount`` of black, as #rrggbb (hover and header bands)."""
    return "#" + "".join(f"{round(v * (1 - amount)):02x}" for v in parse_hex(colour))


def normalise_hex(colour):
    """``colour`` as lower-case #rrggbb."""
    return "#" + "".join(f"{v:02x}" for v in parse_hex(colour))


def primary_colour_errors(*, colour, theme):
    """Why ``colour`` cannot be a site's primary colour under ``theme`` (empty: it can).

    The primary colour is the background of the header, buttons and current-item markers
    (white text on it) and the colour of links and titles on the theme's background and
    surface. The theme's own text colour must stay readable on those backgrounds too.
    """
    from django.utils.translation import gettext as _

    errors = []
    white = contrast_ratio("#ffffff", colour)
    if white < AA_NORMAL_TEXT:
        errors.append(
            _(
                "White text on %(colour)s has a contrast of only %(ratio).1f:1; at least "
                "%(minimum).1f:1 is needed. Choose a darker colour."
            )
            % {"colour": colour, "ratio": white, "minimum": AA_NORMAL_TEXT}
        )
    for background in theme.backgrounds:
        ratio = contrast_ratio(colour, background)
        if ratio < AA_NORMAL_TEXT:
            errors.append(
                _(
                    "Links in %(colour)s on the background %(background)s of the theme "
                    "“%(theme)s” have a contrast of only %(ratio).1f:1; at least "
                    "%(minimum).1f:1 is needed. Choose a darker colour."
                )
                % {
                    "colour": colour,
                    "background": background,
                    "theme": theme.label,
                    "ratio": ratio,
                    "minimum": AA_NORMAL_TEXT,
                }
            )
        text = contrast_ratio(theme.text_colour, background)
        if text < AA_NORMAL_TEXT:
            errors.append(
                _(
                    "The text colour of the theme “%(theme)s” is not readable on its "
                    "background %(background)s (%(ratio).1f:1). Choose another theme."
                )
                % {"theme": theme.label, "background": background, "ratio": text}
            )
    return errors
