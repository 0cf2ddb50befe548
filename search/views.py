"""The public search pages: /tim-kiem/ (portal or school, by the request's Site) and the
autocomplete endpoint. Views parse and render; the rules live in selectors and services."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from portal.querystring import optional_int
from search import selectors, services

MAX_QUERY_LENGTH = 200


class _Page:
    """Enough of a Paginator page for includes/pagination.html, without counting twice."""

    def __init__(self, number, total, per_page):
        self.number = number
        self.num_pages = min(max(1, -(-total // per_page)), selectors.MAX_PAGE)
        self.paginator = self
        self.count = total
        self.page_range = range(1, self.num_pages + 1)

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _link(params, **changes):
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    query.pop("page", None)
    return f"?{query.urlencode()}"


def _add_facet_links(facets, params):
    for facet in facets:
        facet["remove_href"] = _link(params, **{facet["param"]: None})
        for item in facet["values"]:
            item.href = _link(params, **{facet["param"]: item.value})


def _page_number(request):
    return optional_int(request.GET.get("page") or "1", minimum=1, maximum=selectors.MAX_PAGE)


@require_GET
def search(request):
    site = Site.find_for_request(request)
    query = " ".join(request.GET.get("q", "").split())
    context = {"query": query, "outcome": None, "error": ""}
    status = 200
    page_number = _page_number(request)
    if len(query) > MAX_QUERY_LENGTH:
        context["error"] = _("The search terms are too long (at most %(max)s characters).") % {
            "max": MAX_QUERY_LENGTH
        }
        status = 400
    elif page_number is None:
        context["error"] = _("This results page does not exist.")
        status = 404
    elif query:
        scope = selectors.build_scope(site=site, params=request.GET)
        outcome = selectors.search_run(query_text=query, scope=scope, page_number=page_number)
        outcome.promotions = (
            selectors.search_promotions(query_text=query, scope=scope) if page_number == 1 else []
        )
        if page_number == 1 and not scope.filters:
            services.search_log_query(query_text=query, found=bool(outcome.total))
        _add_facet_links(outcome.facets, request.GET)
        context.update(
            outcome=outcome,
            first_number=(page_number - 1) * selectors.RESULTS_PER_PAGE + 1,
            scope=scope,
            results_page=_Page(page_number, outcome.total, selectors.RESULTS_PER_PAGE),
            filtered=bool(scope.filters),
        )
    return render(request, "search/search.html", context, status=status)


@require_GET
@cache_control(max_age=60, public=True)
def autocomplete(request):
    """Titles for the search box as the user types: [{"title", "url"}], at most 8."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    if len(query) < 2:
        return JsonResponse({"results": []})
    scope = selectors.build_scope(site=Site.find_for_request(request), params={})
    return JsonResponse(
        {"results": selectors.search_autocomplete(query_text=query, scope=scope)},
        json_dumps_params={"ensure_ascii": False},
    )
