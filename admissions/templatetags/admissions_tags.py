"""Admissions on other apps' pages: the registration on the shared tracking page, and a
school's approved plans on its *Tuyển sinh* section."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from admissions import selectors
from admissions.models import Outcome, Phase

register = template.Library()


@register.inclusion_tag("admissions/tags/registration_panel.html")
def registration_panel(application):
    registration = selectors.registration_of(application)
    if registration is None:
        return {"registration": None}
    round_page = registration.round
    phase = round_page.phase()
    now = timezone.now()
    return {
        "registration": registration,
        "round": round_page,
        "choices": selectors.choices_of(registration),
        "results_out": phase in (Phase.RESULTS, Phase.FINISHED),
        "can_confirm": registration.outcome == Outcome.ADMITTED and now < round_page.confirm_by,
        "can_change": round_page.ranks_choices
        and registration.active
        and phase in (Phase.OPEN, Phase.CHANGES, Phase.PRACTICE),
        "confirm_url": round_page.url + round_page.reverse_subpage("confirm"),
        "change_url": round_page.url + round_page.reverse_subpage("change_choices"),
    }


@register.simple_tag
def school_plans(page):
    """The approved plans of the school whose site `page` is on, as HTML ("" for none)."""
    from sites.selectors import school_for_page

    school = school_for_page(page)
    plans = selectors.school_plans(school) if school else []
    if not plans:
        return ""
    return render_to_string("admissions/tags/school_plans.html", {"plans": plans})
