"""Template loaders that resolve a template in the current theme, then in ``default``.

``ThemeLoader`` looks in ``themes/<current>/templates`` and then in
``themes/default/templates``; ``CachedThemeLoader`` caches compiled templates per
theme so that one school's theme never leaks into another school's page.
"""

from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from themes.current import current_theme_name
from themes.registry import DEFAULT_THEME, get_theme


class ThemeLoader(FilesystemLoader):
    def get_dirs(self):
        name = current_theme_name.get()
        dirs = [] if name == DEFAULT_THEME else [get_theme(name).template_dir]
        dirs.append(get_theme(DEFAULT_THEME).template_dir)
        return dirs


class CachedThemeLoader(CachedLoader):
    def cache_key(self, template_name, skip=None):
        return f"{current_theme_name.get()}:{super().cache_key(template_name, skip)}"
