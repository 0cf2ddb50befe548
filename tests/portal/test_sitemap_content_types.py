"""Each public content type's live pages are in its own site's sitemap.xml, not another's;
drafts are in none. Published questions are listed at their own URL on their site."""

import datetime

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Page

from calendars import factories as calendar_factories
from consultations import factories as consultation_factories
from disclosures import factories as disclosure_factories
from legaldocs import factories as legaldoc_factories
from organisation.models import OrganisationPage, StaffDirectoryPage
from procedures import factories as service_factories
from questions import factories as question_factories
from questions.models import QuestionsPage
from tests.search.conftest import portal  # noqa: F401 -- the department and two schools

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}


def section(school, slug):
    return Page.objects.child_of(school.home_page).get(slug=slug).specific


@pytest.fixture
def content(portal):  # noqa: F811
    home, school_a, school_b = portal["home"], portal["school_a"], portal["school_b"]
    calendar = calendar_factories.CalendarIndexPageFactory(parent=home)
    library = legaldoc_factories.DocumentLibraryPageFactory(parent=home)
    consultations = consultation_factories.ConsultationIndexPageFactory(parent=home)
    procedures = service_factories.ProcedureIndexPageFactory(parent=home)
    department_qa = question_factories.QuestionsPageFactory(parent=home)
    disclosure_factories.DisclosureCategoryFactory(name="Cam kết chất lượng")
    school_calendar = section(school_a, "lich")
    live = {
        "localhost": [
            calendar,
            library,
            legaldoc_factories.LegalDocumentPageFactory(parent=library),
            calendar_factories.WorkWeekPageFactory(
                parent=calendar, week_start=datetime.date(2025, 1, 6)
            ),
            calendar_factories.MeetingPageFactory(parent=calendar),
            consultations,
            consultation_factories.ConsultationPageFactory(parent=consultations),
            procedures,
            service_factories.ProcedurePageFactory(parent=procedures),
            department_qa,
        ],
        school_a.site.hostname: [
            legaldoc_factories.LegalDocumentPageFactory(parent=section(school_a, "van-ban")),
            disclosure_factories.DisclosurePageFactory(parent=section(school_a, "cong-khai")),
            calendar_factories.EventPageFactory(parent=school_calendar),
            calendar_factories.WorkWeekPageFactory(
                parent=school_calendar, week_start=datetime.date(2025, 2, 3)
            ),
            OrganisationPage.objects.child_of(school_a.home_page).get(),
            StaffDirectoryPage.objects.child_of(school_a.home_page).get(),
            QuestionsPage.objects.child_of(school_a.home_page).get(),
        ],
    }
    drafts = {
        "localhost": [
            legaldoc_factories.LegalDocumentPageFactory(parent=library, live=False),
            calendar_factories.EventPageFactory(parent=calendar, live=False),
            consultation_factories.ConsultationPageFactory(parent=consultations, live=False),
            service_factories.ProcedurePageFactory(parent=procedures, live=False),
        ],
        school_a.site.hostname: [
            disclosure_factories.DisclosurePageFactory(
                parent=section(school_a, "cong-khai"), live=False
            ),
            calendar_factories.MeetingPageFactory(parent=school_calendar, live=False),
        ],
    }
    return {"live": live, "drafts": drafts, "other": school_b.site.hostname}


def test_live_pages_of_each_type_are_in_their_own_sitemap_only(content, client):
    maps = {host: sitemap(client, host) for host in [*content["live"], content["other"]]}
    for host, pages in content["live"].items():
        for page in pages:
            url = page.get_full_url()
            assert url.startswith(f"http://{host}/"), url
            assert url in maps[host], (type(page).__name__, url)
            for other_host, urls in maps.items():
                if other_host != host:
                    assert url not in urls, (type(page).__name__, other_host)
    types = {type(page).__name__ for pages in content["live"].values() for page in pages}
    assert types >= {
        "LegalDocumentPage",
        "DisclosurePage",
        "WorkWeekPage",
        "EventPage",
        "MeetingPage",
        "ConsultationPage",
        "ProcedurePage",
        "OrganisationPage",
        "StaffDirectoryPage",
        "QuestionsPage",
    }


def test_drafts_are_in_no_sitemap(content, client):
    everything = set().union(
        *(sitemap(client, host) for host in [*content["live"], content["other"]])
    )
    for pages in content["drafts"].values():
        for page in pages:
            assert not any(page.slug in url for url in everything), type(page).__name__


def test_published_questions_are_in_their_site_sitemap_only(portal, client):  # noqa: F811
    school_a, school_b = portal["school_a"], portal["school_b"]
    page = QuestionsPage.objects.child_of(school_a.home_page).get()
    published = question_factories.QuestionFactory(page=page, published=True)
    pending = question_factories.QuestionFactory(page=page)
    host = school_a.site.hostname

    urls = sitemap(client, host)
    assert f"http://{host}/hoi-dap/{published.pk}/" in urls
    assert f"http://{host}/hoi-dap/{pending.pk}/" not in urls
    assert not any(f"/hoi-dap/{published.pk}/" in url for url in sitemap(client, "localhost"))
    assert not any(
        f"/hoi-dap/{published.pk}/" in url for url in sitemap(client, school_b.site.hostname)
    )
