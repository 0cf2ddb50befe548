"""The isolation matrix: every admin view that takes an object id, as each role, on two schools.

Each row names a view and what each role of school A may do on school A's object. The matrix
runs it against A's object (the row's own expectation) and B's object (A's users are always
denied: 403/404 or a redirect elsewhere, and nothing of B in the response). A department
administrator may do everything on both; an anonymous visitor nothing. Widening a permission
(a page, collection, site or workflow permission given to the wrong group, or a chooser left
unscoped) makes a row fail.

The two provisioned schools and their content are built once for the module inside an outer
transaction; every test runs in a savepoint of it (as Django's TestCase.setUpTestData does).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Collection, Page
from wagtail_factories import DocumentFactory

from portal import factories as portal_factories
from sites import factories
from sites.permissions import (
    school_grant_settings_permissions,
    school_scope_for_user,
    schools_for_user,
)
from tests.conftest import build_home

pytestmark = pytest.mark.django_db

MARKERS = {"A": "alphamark", "B": "bravomark"}
ALLOW, DENY = "allow", "deny"
ROLES = ("editor", "moderator", "admin", "anonymous")


@dataclass
class SchoolWorld:
    school: object
    home: object
    news: object
    article: object  # live
    pending: object  # submitted for moderation by the school's editor
    task_state: object
    contact: object
    image: object
    document: object


def _build_school(name, code, marker, admin):
    school = factories.provision_school(name, code, slug=marker)
    # Provisioning calls this too once wired (see the report); it is idempotent.
    school_grant_settings_permissions(school=school)
    home = school.home_page.specific
    news = home.get_children().get(slug="tin-tuc").specific
    article = portal_factories.NewsArticlePageFactory(parent=news, title=f"Tin {marker} đã đăng")
    article.save_revision(user=admin).publish(user=admin)
    editor = User.objects.create_user(f"editor-{marker}", password="x")
    editor.groups.add(school.editors_group)
    moderator = User.objects.create_user(f"moderator-{marker}", password="x")
    moderator.groups.add(school.moderators_group)
    pending = portal_factories.NewsArticlePageFactory(
        parent=news, title=f"Tin {marker} chờ duyệt", live=False, owner=editor
    )
    pending.save_revision(user=editor)
    workflow_state = pending.get_workflow().start(pending, editor)
    contact = Page.objects.child_of(home).get(slug="lien-he").specific
    FormSubmission.objects.create(
        page=contact, form_data={"ho_va_ten": f"Phụ huynh {marker}", "noi_dung": marker}
    )
    image = portal_factories.ImageFactory(
        title=f"Ảnh {marker}",
        collection=school.collection,
        file=portal_factories.make_image_file(f"{marker}.jpg", size=(40, 30)),
    )
    document = DocumentFactory(title=f"Văn bản {marker}", collection=school.collection)
    return (
        SchoolWorld(
            school=school,
            home=home,
            news=news,
            article=article,
            pending=pending,
            task_state=workflow_state.current_task_state,
            contact=contact,
            image=image,
            document=document,
        ),
        editor,
        moderator,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # A media directory of our own: other test sessions may clean the shared one meanwhile.
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            build_home()
            factories.SchoolIndexPageFactory(parent=Page.objects.get(depth=2))
            admin = User.objects.create_superuser("so-admin", password="x")
            school_a, editor_a, moderator_a = _build_school(
                "Trường Tiểu học Alphamark", "51000101", MARKERS["A"], admin
            )
            school_b, editor_b, moderator_b = _build_school(
                "Trường THCS Bravomark", "51000201", MARKERS["B"], admin
            )
            yield {
                "A": school_a,
                "B": school_b,
                "users": {
                    "editor": editor_a,
                    "moderator": moderator_a,
                    "admin": admin,
                    "anonymous": None,
                    "editor_b": editor_b,
                    "moderator_b": moderator_b,
                },
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def as_user(world, db):
    def make(role):
        client = Client()
        user = world["users"][role]
        if user is not None:
            client.force_login(user)
        return client

    return make


def _settings_url(app, model):
    return lambda w: reverse("wagtailsettings:edit", args=[app, model, w.school.site_id])


def _page(name, attr="article", **kwargs):
    return lambda w: reverse(name, kwargs={kwargs.get("kw", "page_id"): getattr(w, attr).pk})


# name: (method, url(world), {role: expectation on the role's own school})
EDIT = {"editor": ALLOW, "moderator": ALLOW}
PUBLISH = {"editor": DENY, "moderator": ALLOW}
NONE = {"editor": DENY, "moderator": DENY}
MATRIX = {
    "page edit": ("get", _page("wagtailadmin_pages:edit"), EDIT),
    "page add subpage": (
        "get",
        lambda w: reverse("wagtailadmin_pages:add_subpage", args=[w.home.pk]),
        EDIT,
    ),
    "page add (form)": (
        "get",
        lambda w: reverse("wagtailadmin_pages:add", args=["portal", "newsarticlepage", w.news.pk]),
        EDIT,
    ),
    "page delete (live)": ("get", _page("wagtailadmin_pages:delete"), PUBLISH),
    "page delete (POST)": ("post", _page("wagtailadmin_pages:delete"), PUBLISH),
    "page move": ("get", _page("wagtailadmin_pages:move", kw="page_to_move_id"), PUBLISH),
    "page unpublish": ("get", _page("wagtailadmin_pages:unpublish"), PUBLISH),
    "page unpublish (POST)": ("post", _page("wagtailadmin_pages:unpublish"), PUBLISH),
    "page copy": ("get", _page("wagtailadmin_pages:copy"), EDIT),
    "page lock (POST)": ("post", _page("wagtailadmin_pages:lock"), PUBLISH),
    "page view draft": ("get", _page("wagtailadmin_pages:view_draft", "pending"), EDIT),
    "page revision view": (
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_view",
            args=[w.article.pk, w.article.latest_revision_id],
        ),
        EDIT,
    ),
    "page history": ("get", _page("wagtailadmin_pages:history"), EDIT),
    "explorer of a page": (
        "get",
        lambda w: reverse("wagtailadmin_explore", args=[w.news.pk]),
        EDIT,
    ),
    "page chooser browse": (
        "get",
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w.news.pk]),
        EDIT,
    ),
    "page chooser chosen": (
        "get",
        lambda w: reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={w.pending.pk}",
        EDIT,
    ),
    "image edit": ("get", lambda w: reverse("wagtailimages:edit", args=[w.image.pk]), EDIT),
    # Wagtail treats "delete" as "change" for images and documents in a collection.
    "image delete": ("get", lambda w: reverse("wagtailimages:delete", args=[w.image.pk]), EDIT),
    "image chooser chosen": (
        "get",
        lambda w: reverse("wagtailimages_chooser:chosen", args=[w.image.pk]),
        EDIT,
    ),
    "document edit": ("get", lambda w: reverse("wagtaildocs:edit", args=[w.document.pk]), EDIT),
    "document delete": (
        "get",
        lambda w: reverse("wagtaildocs:delete", args=[w.document.pk]),
        EDIT,
    ),
    "document chooser chosen": (
        "get",
        lambda w: reverse("wagtaildocs_chooser:chosen", args=[w.document.pk]),
        EDIT,
    ),
    "collection edit": (
        "get",
        lambda w: reverse("wagtailadmin_collections:edit", args=[w.school.collection_id]),
        NONE,
    ),
    "settings: theme": ("get", _settings_url("themes", "themesettings"), PUBLISH),
    "settings: organisation": ("get", _settings_url("portal", "organisationsettings"), PUBLISH),
    "settings: navigation": ("get", _settings_url("portal", "navigationsettings"), PUBLISH),
    "form submissions": (
        "get",
        lambda w: reverse("wagtailforms:list_submissions", args=[w.contact.pk]),
        EDIT,
    ),
    "workflow history": ("get", _page("wagtailadmin_pages:workflow_history", "pending"), EDIT),
    "workflow preview": (
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_preview", args=[w.pending.pk, w.task_state.task_id]
        ),
        PUBLISH,
    ),
    "workflow approve (POST)": (
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_action",
            args=[w.pending.pk, "approve", w.task_state.pk],
        ),
        PUBLISH,
    ),
}
CASES = [
    pytest.param(row, role, target, id=f"{row} | {role} | school {target}")
    for row in MATRIX
    for role in ROLES
    for target in ("A", "B")
]


def expected(row, role, target):
    if role == "admin":
        return ALLOW
    if role == "anonymous" or target == "B":
        return DENY
    return MATRIX[row][2][role]


@pytest.mark.parametrize(("row", "role", "target"), CASES)
def test_isolation_matrix(world, as_user, row, role, target):
    method, url_for, _ = MATRIX[row]
    url = url_for(world[target])
    response = getattr(as_user(role), method)(url)
    body = response.content.decode(errors="replace").lower()
    if expected(row, role, target) == ALLOW:
        ok = 302 if method == "post" else 200
        assert response.status_code in (ok, 200), response.status_code
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
            assert response["Location"] != "/admin/"
        return
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"].split("?")[0] != url
    if role == "anonymous":
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
    assert MARKERS["B"] not in body or target == "A"


# Listings and choosers that take no id: they must list A's things to A's users, never B's.
LISTINGS = {
    "images": lambda w: reverse("wagtailimages:index"),
    "image chooser": lambda w: reverse("wagtailimages_chooser:choose"),
    "documents": lambda w: reverse("wagtaildocs:index"),
    "document chooser": lambda w: reverse("wagtaildocs_chooser:choose"),
    "page search": lambda w: reverse("wagtailadmin_pages:search") + "?q=Tin",
    "explorer whole-tree search": lambda w: (
        reverse("wagtailadmin_explore", args=[w.home.pk]) + "?q=Tin&search_all=1"
    ),
    "page chooser search": lambda w: reverse("wagtailadmin_choose_page_search") + "?q=Tin",
    "page chooser from the root": lambda w: reverse("wagtailadmin_choose_page"),
    "page chooser typed": lambda w: (
        reverse("wagtailadmin_choose_page") + "?page_type=portal.newsindexpage"
    ),
    "form pages": lambda w: reverse("wagtailforms:index"),
    "dashboard": lambda w: reverse("wagtailadmin_home"),
}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_listings_show_only_the_users_school(world, as_user, listing, role):
    response = as_user(role).get(LISTINGS[listing](world["A"]))
    assert response.status_code == 200
    body = response.content.decode().lower()
    assert MARKERS["B"] not in body
    if listing != "dashboard":
        assert MARKERS["A"] in body


@pytest.mark.parametrize("listing", [name for name in LISTINGS if name != "form pages"])
def test_department_admin_sees_both_schools(world, as_user, listing):
    response = as_user("admin").get(LISTINGS[listing](world["A"]))
    assert response.status_code == 200
    body = response.content.decode().lower()
    if listing not in ("dashboard", "page chooser from the root", "page chooser typed"):
        assert MARKERS["A"] in body
        assert MARKERS["B"] in body


def test_collection_listing_is_for_the_department_only(world, as_user):
    url = reverse("wagtailadmin_collections:index")
    assert as_user("admin").get(url).status_code == 200
    for role in ("editor", "moderator"):
        response = as_user(role).get(url)
        assert response.status_code in (302, 403)
        assert MARKERS["B"] not in response.content.decode().lower()


@pytest.mark.parametrize(
    ("app", "model"),
    [
        ("themes", "themesettings"),
        ("portal", "organisationsettings"),
        ("portal", "navigationsettings"),
    ],
)
def test_settings_menu_sends_a_moderator_to_their_own_site(world, as_user, app, model):
    response = as_user("moderator").get(reverse("wagtailsettings:edit", args=[app, model]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailsettings:edit", args=[app, model, world["A"].school.site_id]
    )
    # ...and the edit view offers no switch to another site.
    page = as_user("moderator").get(response["Location"]).content.decode().lower()
    assert MARKERS["B"] not in page


def test_a_moderator_of_b_cannot_edit_as_schools_settings(world, as_user):
    client = Client()
    client.force_login(world["users"]["moderator_b"])
    url = reverse(
        "wagtailsettings:edit", args=["portal", "organisationsettings", world["A"].school.site_id]
    )
    response = client.post(url, {"name": "Đã bị sửa"})
    assert response.status_code in (302, 403)
    world["A"].school.site.refresh_from_db()
    from portal.models import OrganisationSettings

    assert OrganisationSettings.for_site(world["A"].school.site).name != "Đã bị sửa"


def test_denied_posts_change_nothing(world, as_user):
    b = world["B"]
    client = as_user("moderator")
    client.post(reverse("wagtailadmin_pages:delete", args=[b.article.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[b.article.pk]))
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[b.pending.pk, "approve", b.task_state.pk]
        )
    )
    b.article.refresh_from_db()
    b.task_state.refresh_from_db()
    assert b.article.live
    assert b.task_state.status == "in_progress"


def test_scope_is_cached_per_request_and_does_not_grow_with_schools(
    world, django_assert_max_num_queries
):
    user = User.objects.get(pk=world["users"]["editor"].pk)
    with django_assert_max_num_queries(2):
        scope = school_scope_for_user(user)
        school_scope_for_user(user)
    assert scope.restricted
    assert scope.school_ids == {world["A"].school.pk}
    assert list(schools_for_user(user)) == [world["A"].school]
    admin = User.objects.get(pk=world["users"]["admin"].pk)
    assert not school_scope_for_user(admin).restricted
    assert set(schools_for_user(admin)) == {world["A"].school, world["B"].school}


def test_settings_permissions_are_per_site_rows_not_global(world):
    """Granting is idempotent and never gives a global (all-sites) settings permission."""
    school = world["A"].school
    assert school_grant_settings_permissions(school=school) == 3
    moderators = school.moderators_group
    assert moderators.site_permissions.filter(site=school.site).count() == 3
    assert not moderators.site_permissions.exclude(site=school.site).exists()
    assert not moderators.permissions.filter(codename__startswith="change_").exists()
    assert not school.editors_group.site_permissions.exists()


def test_school_collection_is_a_child_of_the_root(world):
    root = Collection.get_first_root_node()
    assert world["A"].school.collection.get_parent() == root


def test_provisioning_grants_the_settings_permissions(world):
    """school_provision calls school_grant_settings_permissions (see sites/permissions.py)."""
    school = factories.provision_school("Trường Mầm non Charlie", "51000301")
    assert school.moderators_group.site_permissions.filter(site=school.site).count() == 3
    assert not school.editors_group.site_permissions.exists()


# -- every admin URL Wagtail (and the portal) registers, found by walking the URL resolver ----
# A new admin view is covered the day it appears: a school user asking for it (with another
# school's ids where it takes ids) never gets a 500 nor anything of the other school.


def _admin_routes():
    """(route, {argument: converter}) of every admin URL pattern whose arguments are integers."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.converters import IntConverter
    from django.urls.resolvers import RoutePattern

    routes = []

    def walk(patterns, prefix, converters):
        for entry in patterns:
            pattern = entry.pattern
            if not isinstance(pattern, RoutePattern):
                continue  # regular-expression routes (Wagtail has none in its admin now)
            route = prefix + str(pattern)
            found = {**converters, **pattern.converters}
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, found)
            elif isinstance(entry, URLPattern) and all(
                isinstance(conv, IntConverter) for conv in found.values()
            ):
                routes.append((route, found))

    admin = next(entry for entry in get_resolver().url_patterns if str(entry.pattern) == "admin/")
    walk(admin.url_patterns, "/admin/", {})
    return routes


def _b_id_for(argument, b):
    if "revision" in argument:
        return b.pending.latest_revision_id
    if "image" in argument:
        return b.image.pk
    if "document" in argument:
        return b.document.pk
    if "collection" in argument:
        return b.school.collection_id
    if "task_state" in argument:
        return b.task_state.pk
    if "task" in argument:
        return b.task_state.task_id
    if "site" in argument:
        return b.school.site_id
    return b.pending.pk  # page ids, and any other id: the other school's draft


def _fill(route, converters, b):
    import re

    def value(match):
        return str(_b_id_for(match.group(1), b))

    return re.sub(r"<(?:int:)?([a-z_]+)>", value, route)


def test_the_walk_finds_wagtails_admin():
    routes = [route for route, _ in _admin_routes()]
    assert len(routes) > 100
    assert "/admin/reports/page-types-usage/" in routes
    assert "/admin/pages/<int:page_id>/edit/" in routes


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_no_admin_url_shows_a_school_user_another_school(world, as_user, role):
    b = world["B"]
    client = as_user(role)
    client.raise_request_exception = False
    problems = []
    for route, converters in _admin_routes():
        url = _fill(route, converters, b)
        # Logging out ends the test's session; "failwhale" is Wagtail's deliberate 500 page.
        if url in ("/admin/logout/", "/admin/failwhale/"):
            continue
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if MARKERS["B"].encode() in body.lower():
            problems.append(f"{url}: {response.status_code} shows school B")
    assert not problems, "\n".join(problems)


def test_department_only_reports_are_not_offered_to_school_users(world, as_user):
    for url in ("/admin/reports/site-history/", "/admin/reports/page-types-usage/"):
        assert as_user("moderator").get(url).status_code == 403
        assert as_user("admin").get(url).status_code == 200
    menu = as_user("moderator").get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/reports/site-history/" not in menu
    assert "/admin/reports/page-types-usage/" not in menu
    assert "/admin/reports/page-types-usage/" in as_user("admin").get("/admin/").content.decode()
