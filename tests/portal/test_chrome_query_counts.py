"""Queries of a warm page: the per-site chrome (site, settings, menus, theme, alerts, quick
links) comes from the shared cache, so a warm page reads only its own content.

Before the per-site cache (revision 55486ec) the same pages made: standard page 13, home 26,
news index 21, journey step 17. The new figures are asserted exactly: a change that adds a
query to every page shows here."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import Alert
from portal import factories
from portal.models import NavigationSettings, OrganisationSettings
from procedures import factories as procedure_factories
from tests.applications.helpers import with_form
from themes.models import ThemeSettings


def warm_count(client, url):
    client.defaults["HTTP_HOST"] = "localhost"  # the site's own host name, as in production
    client.get(url)
    client.get(url)  # renditions, the session and every cache are filled by now
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def chrome(home, news_index):
    """A department site dressed like the demo: menus, organisation, logo, an alert."""
    site = home.get_site()
    standard = factories.StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    link = lambda label, page: ("link", {"label": label, "page": page, "url": ""})  # noqa: E731
    NavigationSettings.objects.update_or_create(
        site=site,
        defaults={
            "header_links": [link("Trang chủ", home), link("Giới thiệu", standard)],
            "footer_links": [link("Tin tức", news_index)],
        },
    )
    OrganisationSettings.objects.update_or_create(
        site=site, defaults={"name": "Sở GDĐT", "address": "1 Hùng Vương", "phone": "0255 382 2222"}
    )
    ThemeSettings.objects.update_or_create(site=site, defaults={"logo": factories.ImageFactory()})
    now = timezone.now()
    Alert.objects.create(
        title="Mưa lớn",
        message="Học sinh nghỉ học.",
        starts_at=now - datetime.timedelta(hours=1),
        expires_at=now + datetime.timedelta(days=1),
    )
    home.quick_links = [
        ("quick_link", {"title": "Giới thiệu", "description": "", "page": standard, "url": ""})
    ]
    home.save_revision().publish()
    image = factories.ImageFactory()
    for _ in range(3):
        factories.NewsArticlePageFactory(parent=news_index, main_image=image, featured=True)
    return {"home": home, "standard": standard, "news_index": news_index}


@pytest.mark.django_db
def test_warm_standard_page(client, chrome):
    assert warm_count(client, chrome["standard"].url) == 6  # was 13


@pytest.mark.django_db
def test_warm_home_page(client, chrome):
    assert warm_count(client, "/") == 4  # was 26


@pytest.mark.django_db
def test_warm_news_index(client, chrome):
    assert warm_count(client, chrome["news_index"].url) == 8  # was 21


@pytest.mark.django_db
def test_warm_journey_step(client, chrome):
    catalogue = procedure_factories.ProcedureIndexPageFactory(parent=chrome["home"])
    procedure = with_form(
        procedure_factories.ProcedurePageFactory(parent=catalogue, handling="here")
    )
    assert warm_count(client, procedure.url + "nop-truc-tuyen/buoc-1/") == 10  # was 17
