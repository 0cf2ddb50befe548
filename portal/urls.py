from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from applications.views import payment as payment_views
from portal import views
from search import views as search_views
from sites.sitemaps import SiteScopedSitemap

handler400 = "portal.views.bad_request"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", search_views.search, name="search"),
    path("tim-kiem/goi-y/", search_views.autocomplete, name="search_autocomplete"),
    # Per site; the portal's own leaves out pages that belong to a school's site.
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": SiteScopedSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("giao-dien.css", include("themes.urls")),
    # VNPay's payment notification (IPN), registered with VNPay for the merchant code.
    path("thanh-toan/vnpay/ipn/", payment_views.ipn, name="vnpay_ipn"),
]

if getattr(settings, "SERVE_MEDIA", False):
    # The development server's media (portal.settings.dev); never in production.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

urlpatterns.append(path("", include(wagtail_urls)))
