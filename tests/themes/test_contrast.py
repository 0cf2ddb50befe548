"""Every approved theme's colour pairs meet WCAG AA (4.5:1) for normal text."""

import re

import pytest
from django.conf import settings

from themes.contrast import AA_NORMAL_TEXT, contrast_ratio, parse_hex
from themes.registry import approved_themes

THEME_NAMES = sorted(path.parent.name for path in settings.THEMES_DIR.glob("*/theme.toml"))


def root_variables(css):
    variables = {}
    for root in re.findall(r":root\s*{(.*?)}", css, re.S):
        variables.update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", root))
    return variables


def css_variables(theme_name="default"):
    """The colour variables in effect under a theme: the default's, then the theme's own."""
    default = settings.THEMES_DIR / "default/static/themes/default/css/main.css"
    variables = root_variables(default.read_text(encoding="utf-8"))
    if theme_name != "default":
        own = settings.THEMES_DIR / theme_name / "static/themes" / theme_name / "theme.css"
        variables.update(root_variables(own.read_text(encoding="utf-8")))
    return variables


# (text, background) pairs the stylesheets actually use.
PAIRS = [
    ("colour-text", "colour-background"),
    ("colour-muted", "colour-background"),
    ("colour-primary", "colour-background"),
    ("colour-primary-dark", "colour-background"),
    ("colour-accent", "colour-background"),
    ("colour-text", "colour-surface"),
    ("colour-muted", "colour-surface"),
    ("colour-primary", "colour-surface"),
    ("colour-primary-dark", "colour-surface"),
    ("colour-accent", "colour-surface"),
    ("white", "colour-primary"),
    ("white", "colour-primary-dark"),
    ("white", "colour-text"),
    ("colour-text", "colour-focus"),
]
# Pairs only one theme uses.
THEME_PAIRS = {
    "hoa-phuong": [("colour-gold", "colour-text"), ("colour-text", "colour-gold")],
}


def all_pairs():
    for name in THEME_NAMES:
        for text, background in PAIRS + THEME_PAIRS.get(name, []):
            yield pytest.param(name, text, background, id=f"{name}:{text}/{background}")


@pytest.mark.parametrize(("theme_name", "text", "background"), list(all_pairs()))
def test_theme_pairs_meet_aa(theme_name, text, background):
    colours = {**css_variables(theme_name), "white": "#ffffff"}
    assert contrast_ratio(colours[text], colours[background]) >= AA_NORMAL_TEXT


def test_there_are_at_least_three_themes():
    assert len(THEME_NAMES) >= 3 and "default" in THEME_NAMES


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_manifest_colours_are_the_stylesheet_colours(theme_name):
    """theme.toml (used to validate site colours) says what the stylesheet really does."""
    theme = approved_themes()[theme_name]
    variables = css_variables(theme_name)
    assert parse_hex(theme.text_colour) == parse_hex(variables["colour-text"])
    assert parse_hex(theme.background_colour) == parse_hex(variables["colour-background"])
    assert parse_hex(theme.surface_colour) == parse_hex(variables["colour-surface"])


@pytest.mark.parametrize("theme_name", [n for n in THEME_NAMES if n != "default"])
def test_theme_stylesheets_load_nothing_from_elsewhere(theme_name):
    css = (settings.THEMES_DIR / theme_name / "static/themes" / theme_name / "theme.css").read_text(
        encoding="utf-8"
    )
    assert "@import" not in css and "@font-face" not in css and "url(" not in css


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
