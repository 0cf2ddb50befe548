"""The admin views that read object ids from the query string: bad ids are a 400 for everyone,
another school's ids a refusal for school users (sites/hooks/isolation.py)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail_factories import DocumentFactory

from portal import factories as portal_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_schools):
    a, b = two_schools
    admin = User.objects.create_superuser("so-admin", password="x")
    editor = User.objects.create_user("editor-a", password="x")
    editor.groups.add(a.editors_group)
    moderator = User.objects.create_user("moderator-a", password="x")
    moderator.groups.add(a.moderators_group)

    def article(school, title):
        news = Page.objects.child_of(school.home_page).get(slug="tin-tuc")
        return portal_factories.NewsArticlePageFactory(parent=news, title=title, live=False)

    return {
        "admin": admin,
        "editor": editor,
        "moderator": moderator,
        "a_page": article(a, "Bản nháp alphamark"),
        "b_page": article(b, "Bản nháp bravomark"),
        "b_document": DocumentFactory(title="Tệp bravomark", collection=b.collection),
        "a_document": DocumentFactory(title="Tệp alphamark", collection=a.collection),
        "a_news": Page.objects.child_of(a.home_page).get(slug="tin-tuc"),
        "b_news": Page.objects.child_of(b.home_page).get(slug="tin-tuc"),
    }


def login(user):
    client = Client()
    client.force_login(user)
    return client


BULK_PAGE = "/admin/bulk/wagtailcore/page/{action}/"


@pytest.mark.parametrize("role", ["admin", "editor"])
@pytest.mark.parametrize(
    "url",
    [
        "/admin/choose-page/chosen-multiple/?id=%C2%B2",
        "/admin/choose-page/chosen-multiple/?id=99999999999999999999",
        BULK_PAGE.format(action="delete") + "?id=%C2%B2",
        BULK_PAGE.format(action="publish") + "?id=9223372036854775808",
        BULK_PAGE.format(action="move") + "?id=all&childOf=%C2%B2",
        "/admin/bulk/wagtaildocs/document/delete/?id=%D9%A3",
        "/admin/bulk/wagtailimages/image/add_tags/?id=1&id=x",
    ],
)
def test_ids_that_are_not_whole_numbers_are_a_400(world, role, url):
    response = login(world[role]).get(url)
    assert response.status_code == 400


@pytest.mark.parametrize("action", ["delete", "unpublish", "publish", "move"])
def test_a_school_user_cannot_see_another_schools_title_in_a_bulk_confirmation(world, action):
    client = login(world["moderator"])
    response = client.get(BULK_PAGE.format(action=action) + f"?id={world['b_page'].pk}")
    assert response.status_code == 404
    assert "bravomark" not in response.content.decode()
    mixed = f"?id={world['a_page'].pk}&id={world['b_page'].pk}"
    response = client.get(BULK_PAGE.format(action=action) + mixed)
    assert response.status_code == 404
    assert "bravomark" not in response.content.decode()
    own = client.get(BULK_PAGE.format(action=action) + f"?id={world['a_page'].pk}")
    assert own.status_code == 200
    assert "alphamark" in own.content.decode()


def test_select_all_is_only_under_the_users_own_pages(world):
    client = login(world["moderator"])
    assert client.get(BULK_PAGE.format(action="delete") + "?id=all").status_code == 404
    other = BULK_PAGE.format(action="delete") + f"?id=all&childOf={world['b_news'].pk}"
    response = client.get(other)
    assert response.status_code == 404
    assert "bravomark" not in response.content.decode()
    own = BULK_PAGE.format(action="delete") + f"?id=all&childOf={world['a_news'].pk}"
    assert client.get(own).status_code == 200


def test_documents_bulk_actions_are_scoped_to_the_schools_collection(world):
    client = login(world["editor"])
    url = "/admin/bulk/wagtaildocs/document/delete/"
    response = client.get(f"{url}?id={world['b_document'].pk}")
    assert response.status_code == 404
    assert "bravomark" not in response.content.decode()
    assert client.get(f"{url}?id={world['a_document'].pk}").status_code == 200


def test_the_department_administrator_keeps_wagtails_behaviour(world):
    client = login(world["admin"])
    url = BULK_PAGE.format(action="delete") + f"?id={world['a_page'].pk}&id={world['b_page'].pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "bravomark" in response.content.decode()


def test_chosen_multiple_refuses_another_schools_page(world):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    client = login(world["editor"])
    assert client.get(f"{url}?id={world['b_page'].pk}").status_code == 403
    assert client.get(f"{url}?id={world['a_page'].pk}").status_code == 200


# -- the admin API and login-restricted documents (sites/hooks/admin_api.py) ------------------


@pytest.mark.parametrize("endpoint", ["documents", "images", "pages"])
def test_the_admin_api_lists_only_the_users_school(world, endpoint):
    from portal.factories import ImageFactory, make_image_file

    for marker, school_key in (("alphamark", "a_document"), ("bravomark", "b_document")):
        ImageFactory(
            title=f"Ảnh {marker}",
            collection=world[school_key].collection,
            file=make_image_file(f"{marker}.jpg", size=(20, 20)),
        )
    url = f"/admin/api/main/{endpoint}/?limit=20"
    if endpoint == "pages":
        url += f"&child_of={world['a_news'].pk}"
    response = login(world["editor"]).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "alphamark" in body
    assert "bravomark" not in body
    if endpoint == "pages":
        other = login(world["editor"]).get(f"/admin/api/main/pages/{world['b_page'].pk}/")
        assert other.status_code == 404
    admin_body = login(world["admin"]).get(url.split("&child_of")[0]).content.decode()
    if endpoint != "pages":
        assert "bravomark" in admin_body


def test_a_document_detail_of_another_school_is_not_found(world):
    client = login(world["editor"])
    assert client.get(f"/admin/api/main/documents/{world['b_document'].pk}/").status_code == 404
    assert client.get(f"/admin/api/main/documents/{world['a_document'].pk}/").status_code == 200


def test_a_login_restriction_on_a_schools_collection_means_that_schools_staff(world):
    from wagtail.models import BaseViewRestriction, CollectionViewRestriction

    document = world["b_document"]
    CollectionViewRestriction.objects.create(
        collection=document.collection, restriction_type=BaseViewRestriction.LOGIN
    )
    url = document.url
    assert login(world["editor"]).get(url).status_code == 403
    b_editor = User.objects.create_user("editor-b", password="x")
    b_editor.groups.add(document.collection.school.editors_group)
    assert login(b_editor).get(url).status_code == 200
    assert login(world["admin"]).get(url).status_code == 200
    anonymous = Client().get(url)
    assert anonymous.status_code == 302  # Wagtail's login page
