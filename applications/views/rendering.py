"""How every public view of the engine renders: inside the client's page (`page` gives the
site's chrome, breadcrumbs and title), with the engine's template."""

from django.template.response import TemplateResponse


def render_on(request, page, template, context=None, status=200) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"applications/{template}",
        {"page": page, "self": page, **(context or {})},
        status=status,
    )
