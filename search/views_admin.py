from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from search import selectors


class SearchQueriesReportView(WagtailAdminTemplateMixin, TemplateView):
    """What the public searched for in the last 30 days, and what found nothing.

    Only editors who may manage search promotions see it (they act on it by promoting pages).
    """

    page_title = _("Public searches")
    header_icon = "search"
    template_name = "portal_search/admin/search_queries_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailsearchpromotions.add_searchpromotion"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = 30
        context["popular"] = selectors.popular_queries(days=30)
        context["zero_results"] = selectors.zero_result_queries(days=30)
        return context
