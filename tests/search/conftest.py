"""A department portal with two provisioned schools and published, searchable content."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from portal import factories
from portal.factories import paragraph
from sites import factories as site_factories
from sites.models import SchoolSectionPage


def publish(page):
    """Publish through Wagtail's revision workflow, so page_published fires as in the admin."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def article(parent, title, body="", *, days_ago=0, intro="Tóm tắt bản tin."):
    page = factories.NewsArticlePageFactory(
        parent=parent,
        title=title,
        intro=intro,
        body=[paragraph(f"<p>{body}</p>")] if body else [],
        date=timezone.now() - datetime.timedelta(days=days_ago),
    )
    page.first_published_at = timezone.now() - datetime.timedelta(days=days_ago)
    page.save()
    return publish(page)


def school_news_index(school):
    return Page.objects.child_of(school.home_page).get(slug="tin-tuc").specific


def school_section(school, kind):
    return SchoolSectionPage.objects.child_of(school.home_page).get(kind=kind)


@pytest.fixture
def portal(home, news_index, django_capture_on_commit_callbacks):
    """The department's news plus two schools' news, in two administrative units."""
    with django_capture_on_commit_callbacks(execute=True):
        directory = site_factories.SchoolIndexPageFactory(parent=home)
        unit_a = site_factories.AdministrativeUnitFactory(name="Nghĩa Lộ", unit_type="Phường")
        unit_b = site_factories.AdministrativeUnitFactory(name="Cẩm Thành", unit_type="Phường")
        school_a = site_factories.provision_school(
            "Trường Tiểu học Nghĩa Lộ", "51000101", unit=unit_a
        )
        school_b = site_factories.provision_school("Trường THCS Cẩm Thành", "51000201", unit=unit_b)
        dept = article(
            news_index,
            "Tuyển sinh lớp 10 năm học 2026-2027",
            "Sở Giáo dục và Đào tạo thông báo kế hoạch tuyển sinh vào lớp 10.",
        )
        dang_ky = article(
            news_index,
            "Hướng dẫn Đăng ký dự thi",
            "Thí sinh đăng ký trực tuyến trên cổng thông tin.",
            days_ago=400,
        )
        a_news = article(
            school_news_index(school_a),
            "Trường Nghĩa Lộ tuyển sinh lớp 1",
            "Nhà trường thông báo tuyển sinh lớp 1 theo tuyến.",
        )
        b_news = article(
            school_news_index(school_b),
            "Cẩm Thành tổ chức hội thao",
            "Học sinh tham gia hội thao. Công tác tuyển sinh sẽ thông báo sau.",
        )
    return {
        "home": home,
        "directory": directory,
        "news_index": news_index,
        "school_a": school_a,
        "school_b": school_b,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "dept": dept,
        "dang_ky": dang_ky,
        "a_news": a_news,
        "b_news": b_news,
    }


def titles(response):
    return [result.title for result in response.context["outcome"].results]


@pytest.fixture(scope="session")
def opensearch_node():
    """One real OpenSearch node for this test session (or xdist worker), fetched by
    scripts/opensearch.sh and started on free loopback ports; stopped at the end.

    OPENSEARCH_TEST_URL names a running OpenSearch to use instead (nothing is started; every
    test's indexes have a prefix of their own and are deleted after it)."""
    import os

    from tests.opensearch import ExternalNode, start_single

    if os.environ.get("OPENSEARCH_TEST_URL"):
        yield ExternalNode(os.environ["OPENSEARCH_TEST_URL"])
        return
    node = start_single()
    yield node
    node.remove()
