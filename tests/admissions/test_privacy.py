"""Children's data stays private: public pages carry counts, never names; the published
admitted list carries the minimum; nothing personal reaches the search index or the logs; the
demand counts leave out practice, duplicate and refused registrations."""

import logging

import pytest

from admissions import factories, selectors, services
from admissions.models import Registration
from applications.services import application_transition
from applications.status import Actor, Status
from search.models import SearchEntry
from search.services import entry_sync_subtree
from tests.admissions.conftest import child_birth, regular
from tests.admissions.journey import code_of, grade_1_pages, submit

NAME = "Hồ Thị Bích Ngọc"


def test_nothing_personal_in_logs_search_or_public_pages(
    client, caplog, site, grade_1, units, schools
):
    caplog.set_level(logging.DEBUG)
    born = child_birth(grade_1)
    personal_id = factories.child_id(born, female=True, serial=4242)
    response = submit(
        client,
        grade_1,
        grade_1_pages(
            grade_1,
            regular(grade_1.test_plans.a),
            units.nghia_lo,
            birth=born,
            personal_id=personal_id,
            female=True,
            name=NAME,
        ),
    )
    code = code_of(response)
    client.get(response["Location"])
    tracking = site.catalogue
    client.post(tracking.tracking_route("track"), {"code": code, "birth_date": born.isoformat()})
    client.get(tracking.tracking_route("tracked"))
    entry_sync_subtree(root=site.home)
    secrets = (NAME, personal_id, "0905123456", "051085000321")
    for record in caplog.records:
        text = record.getMessage() + repr(record.args)
        assert not any(secret in text for secret in secrets), text
    indexed = " ".join(SearchEntry.objects.values_list("title", flat=True)) + " ".join(
        SearchEntry.objects.values_list("text", flat=True)
    )
    assert SearchEntry.objects.exists()
    assert not any(secret in indexed for secret in secrets)
    for url in (site.index.url, grade_1.url, grade_1.journey_url("start")):
        page = client.get(url).content.decode()
        assert not any(secret in page for secret in secrets), url


def test_demand_counts_only_real_active_registrations(grade_1, units):
    programme = regular(grade_1.test_plans.a)
    kept = factories.register(grade_1, programmes=[programme], unit=units.nghia_lo, serial=1)
    refused = factories.register(grade_1, programmes=[programme], unit=units.nghia_lo, serial=2)
    for status in (Status.RECEIVED, Status.IN_REVIEW):
        application_transition(application=refused, to_status=status, actor=Actor.STAFF)
    application_transition(
        application=refused, to_status=Status.REJECTED, actor=Actor.STAFF, note="Sai tuyến."
    )
    # the same child again at the other school: flagged, not counted twice
    factories.register(
        grade_1,
        programmes=[regular(grade_1.test_plans.b)],
        unit=units.cam_thanh,
        personal_id=Registration.objects.get(application=kept).child_personal_id,
    )
    factories.set_phase(grade_1, "practice")
    factories.register(grade_1, programmes=[programme], unit=units.nghia_lo, serial=3)
    factories.set_phase(grade_1, "open")
    assert selectors.first_choice_demand(grade_1) == {programme.pk: 1}


def test_the_public_overview_is_cached_with_constant_queries(
    client, site, grade_1, units, django_assert_max_num_queries
):
    from django.core.cache import cache

    cache.clear()
    client.get(site.index.url)  # warm: the chrome and the overview
    for serial in range(1, 6):
        factories.register(
            grade_1, programmes=[regular(grade_1.test_plans.a)], unit=units.nghia_lo, serial=serial
        )
    with django_assert_max_num_queries(12) as warm:
        page = client.get(site.index.url)
    assert page.status_code == 200
    assert not any("admissions_registration" in q["sql"] for q in warm.captured_queries)


def test_the_overview_shows_demand_once_registration_opens(client, site, grade_1, units):
    from django.core.cache import cache

    factories.register(grade_1, programmes=[regular(grade_1.test_plans.a)], unit=units.nghia_lo)
    cache.clear()
    overview = selectors.round_overview(grade_1)
    assert overview.show_demand and overview.demand == 1
    factories.set_phase(grade_1, "upcoming")
    cache.clear()
    hidden = selectors.round_overview(grade_1)
    assert not hidden.show_demand and hidden.demand == 0


def test_outcome_messages_name_the_school_not_the_child(grade_1, units):
    application = factories.register(
        grade_1, programmes=[regular(grade_1.test_plans.a)], unit=units.nghia_lo, name=NAME
    )
    registration = services.outcome_set(
        registration=Registration.objects.get(application=application),
        programme=regular(grade_1.test_plans.a),
    )
    note = application.events.filter(kind="note").last().note
    assert NAME not in note and registration.admitted_programme.plan.school.name in note


@pytest.mark.parametrize("grade", [1])
def test_the_school_section_shows_the_approved_plan(client, grade, home, units):
    from sites.factories import SchoolIndexPageFactory, provision_school
    from sites.models import SchoolLevel

    SchoolIndexPageFactory(parent=home)
    school = provision_school(
        "Trường Tiểu học Phổ Văn",
        "51009001",
        unit=units.nghia_lo,
        levels=[SchoolLevel.objects.get_or_create(code="C1", defaults={"name": "Tiểu học"})[0]],
    )
    index = factories.AdmissionsIndexPageFactory(parent=home)
    round_page = factories.round_in_phase(index, "open", grade=grade)
    section = school.home_page.get_children().get(slug="tuyen-sinh").specific
    client.defaults["HTTP_HOST"] = school.site.hostname
    before = client.get(section.url).content.decode()
    assert round_page.title not in before
    factories.plan_publish(
        round_page, school, catchment=[units.nghia_lo], contact="Cô Lan, 0255 3822 111"
    )
    after = client.get(section.url).content.decode()
    assert round_page.title in after and "Cô Lan, 0255 3822 111" in after
