"""The admin is in Vietnamese and every page type's editor opens."""

import pytest
from django.urls import reverse

from portal import factories
from portal.models import ContactPage, NewsArticlePage, NewsIndexPage, StandardPage


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai")
    client.force_login(user)
    return client


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_dashboard_is_vietnamese(admin_client, home):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


@pytest.mark.parametrize(
    ("page_class", "parent_name"),
    [
        (NewsIndexPage, "home"),
        (StandardPage, "home"),
        (ContactPage, "home"),
        (NewsArticlePage, "news_index"),
    ],
)
def test_add_form_opens_for_each_page_type(admin_client, request, page_class, parent_name):
    parent = request.getfixturevalue(parent_name)
    meta = page_class._meta
    url = reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))
    assert admin_client.get(url).status_code == 200


def test_edit_forms_open(admin_client, home, news_index, contact_page):
    article = factories.NewsArticlePageFactory(parent=news_index)
    for page in (home, news_index, contact_page, article):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page


def test_settings_forms_open(admin_client, home):
    for model in ("navigationsettings", "organisationsettings"):
        url = reverse("wagtailsettings:edit", args=("portal", model))
        assert admin_client.get(url, follow=True).status_code == 200
    url = reverse("wagtailsettings:edit", args=("themes", "themesettings"))
    assert admin_client.get(url, follow=True).status_code == 200
