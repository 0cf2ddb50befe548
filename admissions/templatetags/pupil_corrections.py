"""The way from the pre-filled registration to the correction form: a notice shown only to a
family whose look-up on this round found their child (the session's signed token), with the
decisions on their earlier requests."""

from django import template

register = template.Library()


@register.inclusion_tag("admissions/tags/pupil_correction_notice.html", takes_context=True)
def pupil_correction_notice(context, page):
    from admissions.corrections import corrections_of, session_pupil

    request = context.get("request")
    if request is None or not hasattr(page, "reverse_subpage"):
        return {"pupil": None}
    pupil = session_pupil(request, page)
    if pupil is None:
        return {"pupil": None}
    return {
        "pupil": pupil,
        "url": page.url + page.reverse_subpage("correction"),
        "requests": corrections_of(pupil),
    }
