"""The default theme's colour pairs meet WCAG AA (4.5:1) for normal text."""

import re

import pytest
from django.conf import settings

from themes.contrast import AA_NORMAL_TEXT, contrast_ratio, parse_hex
from themes.registry import approved_themes


def css_variables():
    css = (settings.THEMES_DIR / "default/static/themes/default/css/main.css").read_text()
    root = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", root))


# (text, background) pairs the stylesheet actually uses.
PAIRS = [
    ("colour-text", "colour-background"),
    ("colour-muted", "colour-background"),
    ("colour-primary", "colour-background"),
    ("colour-accent", "colour-background"),
    ("colour-text", "colour-surface"),
    ("colour-muted", "colour-surface"),
    ("colour-primary", "colour-surface"),
    ("white", "colour-primary"),
    ("white", "colour-primary-dark"),
    ("white", "colour-text"),
    ("colour-text", "colour-focus"),
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_default_theme_pairs_meet_aa(text, background):
    colours = {**css_variables(), "white": "#ffffff"}
    assert contrast_ratio(colours[text], colours[background]) >= AA_NORMAL_TEXT


def test_contrast_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert parse_hex("#abc") == (170, 187, 204)
    with pytest.raises(ValueError):
        parse_hex("blue")


def test_each_theme_declares_readable_text():
    for theme in approved_themes().values():
        assert contrast_ratio(theme.text_colour, theme.background_colour) >= AA_NORMAL_TEXT
