from themes.registry import DEFAULT_THEME, get_theme


def theme(request):
    return {"theme": getattr(request, "theme", None) or get_theme(DEFAULT_THEME)}
