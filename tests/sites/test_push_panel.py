"""The "push to school sites" panel is the department's: school editors writing their own
news do not see it (school articles are never pushed)."""

import pytest
from wagtail.models import Page

from portal import factories
from portal.models import NewsIndexPage
from sites import factories as site_factories


@pytest.fixture
def school(school_directory):
    return site_factories.provision_school("Trường THCS Lê Lợi", "51000301")


def school_news(school):
    return NewsIndexPage.objects.child_of(school.home_page).get()


def test_school_editor_does_not_see_the_push_panel(school, client, django_user_model):
    editor = django_user_model.objects.create_user("giao-vien", password="x")
    editor.groups.add(school.editors_group)
    article = factories.NewsArticlePageFactory(parent=school_news(school), title="Lễ khai giảng")
    client.force_login(editor)
    for url in (
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/add/portal/newsarticlepage/{school_news(school).pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="push_to_schools"' not in response.content.decode(), url


def test_department_staff_see_it_on_department_news(home, client, django_user_model):
    news = factories.NewsIndexPageFactory(parent=home)
    article = factories.NewsArticlePageFactory(parent=news, title="Thông báo của Sở")
    client.force_login(django_user_model.objects.create_superuser("so", password="x"))
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert 'name="push_to_schools"' in response.content.decode()
    assert Page.objects.filter(pk=article.pk).exists()
