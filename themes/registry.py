"""The centrally approved themes: every folder under themes/ that has a theme.toml.

A theme is data (its name, label, text, background and surface colours) plus templates and static files
that override those of the ``default`` theme; whatever a theme does not override
falls back to ``default``.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    text_colour: str
    background_colour: str
    path: Path
    surface_colour: str = ""

    @property
    def backgrounds(self):
        """The light colours that text and links are set on: background, then surface."""
        return tuple(dict.fromkeys(c for c in (self.background_colour, self.surface_colour) if c))

    @property
    def template_dir(self):
        return self.path / "templates"

    @property
    def stylesheet(self):
        """The theme's own stylesheet, loaded after the default one (None for default)."""
        if self.name == DEFAULT_THEME:
            return None
        css = self.path / "static" / "themes" / self.name / "theme.css"
        return f"themes/{self.name}/theme.css" if css.exists() else None


@cache
def approved_themes():
    themes = {}
    for manifest in sorted(Path(settings.THEMES_DIR).glob("*/theme.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        name = manifest.parent.name
        themes[name] = Theme(
            name=name,
            label=data["label"],
            text_colour=data["text_colour"],
            background_colour=data["background_colour"],
            surface_colour=data.get("surface_colour", ""),
            path=manifest.parent,
        )
    if DEFAULT_THEME not in themes:
        raise RuntimeError("The default theme (themes/default/theme.toml) is missing.")
    return themes


def get_theme(name):
    """The named theme if it is approved, otherwise the default theme."""
    themes = approved_themes()
    return themes.get(name) or themes[DEFAULT_THEME]


def theme_choices():
    return [(theme.name, theme.label) for theme in approved_themes().values()]
