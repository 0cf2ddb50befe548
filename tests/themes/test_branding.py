"""A site's branding (logo, primary colour, social links) on every page, and its validation."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from portal import factories
from portal.models import NavigationSettings, OrganisationSettings
from sites.factories import SchoolIndexPageFactory, provision_school
from themes.contrast import AA_NORMAL_TEXT, contrast_ratio
from themes.models import ThemeSettings
from themes.registry import approved_themes, get_theme

GOOD_COLOUR = "#0b4f8a"  # 8.6:1 on white
LOW_CONTRAST = "#ffcc00"  # yellow: 1.6:1 on white


def default_site():
    return Site.objects.get(is_default_site=True)


def brand(site=None, **values):
    theme_settings = ThemeSettings.for_site(site or default_site())
    for name, value in values.items():
        setattr(theme_settings, name, value)
    theme_settings.full_clean()
    theme_settings.save()
    return theme_settings


def organisation(site=None, **values):
    OrganisationSettings.objects.update_or_create(site=site or default_site(), defaults=values)


def stylesheet_links(html):
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


@pytest.fixture
def article(news_index):
    category = factories.NewsCategoryFactory()
    return factories.NewsArticlePageFactory(
        parent=news_index, title="Khai giảng năm học mới", categories=[category]
    )


# Logo


def test_logo_is_rendered_as_a_rendition_with_the_organisation_name(client, home, article):
    organisation(name="Trường THPT Chu Văn An")
    brand(logo=factories.ImageFactory(title="Logo"))
    for url in ("/", article.url):
        html = client.get(url).content.decode()
        logo = re.search(r'<img[^>]*class="site-brand__logo"[^>]*>', html).group(0)
        assert 'alt="Trường THPT Chu Văn An"' in logo
        assert re.search(r'src="/media/images/[^"]+\.height-128\.', logo), logo


def test_no_logo_no_image(client, home):
    assert "site-brand__logo" not in client.get("/").content.decode()


def test_logo_costs_no_query_per_page_once_rendered(client, home, django_assert_max_num_queries):
    brand(logo=factories.ImageFactory(title="Logo"))
    client.get("/")  # the rendition is created on the first view
    with django_assert_max_num_queries(25) as plain:
        client.get("/")
    ThemeSettings.objects.update(logo=None)
    with django_assert_max_num_queries(25) as without_logo:
        client.get("/")
    # The logo comes with the settings row (select_related); only its rendition is looked up.
    assert len(plain.captured_queries) <= len(without_logo.captured_queries) + 1


# Primary colour stylesheet


def test_no_colour_no_stylesheet(client, home):
    html = client.get("/").content.decode()
    assert not any("giao-dien.css" in href for href in stylesheet_links(html))
    assert client.get("/giao-dien.css").status_code == 404


def test_colour_stylesheet_is_linked_on_every_page_and_sets_the_variables(client, home, article):
    theme_settings = brand(primary_colour="#1E5631")
    assert theme_settings.primary_colour == "#1e5631"  # normalised by clean()
    expected = f"/giao-dien.css?v={theme_settings.pk}-1e5631"
    for url in ("/", article.url, "/tim-kiem/?q=khai"):
        response = client.get(url)
        assert expected in stylesheet_links(response.content.decode()), url
        # Served as a file: the CSP still forbids inline styles.
        csp = response.headers["Content-Security-Policy"]
        assert "style-src 'self'" in csp and "unsafe-inline" not in csp

    response = client.get(expected)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert "--colour-primary: #1e5631;" in css
    dark = re.search(r"--colour-primary-dark: (#[0-9a-f]{6});", css).group(1)
    assert contrast_ratio("#ffffff", dark) > contrast_ratio("#ffffff", "#1e5631")
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    etag = response["ETag"]
    assert client.get(expected, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_outdated_version_is_not_cached_for_long_and_a_change_changes_everything(client, home):
    old = brand(primary_colour="#1e5631")
    old_url = f"/giao-dien.css?v={old.stylesheet_version}"
    old_etag = client.get(old_url)["ETag"]
    new = brand(primary_colour="#7a1016")
    html = client.get("/").content.decode()
    assert f"/giao-dien.css?v={new.pk}-7a1016" in stylesheet_links(html)
    response = client.get(old_url, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200  # the ETag changed with the colour
    assert "--colour-primary: #7a1016;" in response.content.decode()
    assert "max-age=300" in response["Cache-Control"]
    assert "immutable" not in response["Cache-Control"]


def test_each_school_site_gets_its_own_branding(client, home):
    SchoolIndexPageFactory(parent=home)
    first = provision_school("Trường Tiểu học Nghĩa Lộ", "51000101")
    second = provision_school("Trường THCS Cẩm Thành", "51000201")
    brand(first.site, primary_colour="#1e5631", theme="tre-xanh")
    organisation(first.site, facebook_url="https://facebook.com/thnghialo")
    brand(second.site, primary_colour="#7a1016", theme="hoa-phuong")

    first_html = client.get("/", HTTP_HOST=first.site.hostname).content.decode()
    second_html = client.get("/", HTTP_HOST=second.site.hostname).content.decode()
    portal_html = client.get("/").content.decode()
    assert "Trường Tiểu học Nghĩa Lộ" in first_html
    assert "https://facebook.com/thnghialo" in first_html
    assert "https://facebook.com/thnghialo" not in second_html + portal_html
    assert "/static/themes/tre-xanh/theme.css" in stylesheet_links(first_html)
    assert "/static/themes/hoa-phuong/theme.css" in stylesheet_links(second_html)
    assert not any("giao-dien.css" in href for href in stylesheet_links(portal_html))

    first_css = client.get("/giao-dien.css", HTTP_HOST=first.site.hostname).content.decode()
    second_css = client.get("/giao-dien.css", HTTP_HOST=second.site.hostname).content.decode()
    assert "#1e5631" in first_css and "#1e5631" not in second_css
    assert "#7a1016" in second_css
    assert client.get("/giao-dien.css").status_code == 404  # the portal has no colour set


# Social links


def test_social_links_in_the_footer(client, home, article):
    organisation(
        name="Sở GDĐT",
        facebook_url="https://www.facebook.com/sogddt",
        youtube_url="https://www.youtube.com/@sogddt",
        zalo_url="https://zalo.me/sogddt",
    )
    for url in ("/", article.url):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        for href in (
            "https://www.facebook.com/sogddt",
            "https://www.youtube.com/@sogddt",
            "https://zalo.me/sogddt",
        ):
            assert f'href="{href}" rel="me noopener"' in footer


def test_only_the_social_links_that_are_set(client, home):
    organisation(name="Sở GDĐT", zalo_url="https://zalo.me/sogddt")
    html = client.get("/").content.decode()
    assert "https://zalo.me/sogddt" in html
    assert "social-link--facebook" not in html and "social-link--youtube" not in html
    organisation(name="Sở GDĐT", zalo_url="")
    assert 'class="social-links"' not in client.get("/").content.decode()


# Validation


def test_a_good_colour_is_accepted_under_every_theme(home):
    for name in approved_themes():
        brand(theme=name, primary_colour=GOOD_COLOUR)
        assert ThemeSettings.objects.get(site=default_site()).primary_colour == GOOD_COLOUR


@pytest.mark.parametrize("colour", [LOW_CONTRAST, "#ffffff", "#3a9bdc", "#888"])
def test_a_low_contrast_colour_is_refused_with_a_clear_message(home, colour):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        brand(primary_colour=colour)
    messages = raised.value.message_dict["primary_colour"]
    # The editor reads it in Vietnamese: "Chữ trắng trên nền … cần tối thiểu 4.5:1 …".
    assert any("Chữ trắng trên nền" in message and "4.5:1" in message for message in messages)
    assert ThemeSettings.objects.get(site=default_site()).primary_colour == ""


def test_colour_must_contrast_with_the_chosen_themes_surface(home):
    """#737373 passes on white (4.7:1) but not on the red/gold theme's cream surface (4.4:1)."""
    from django.core.exceptions import ValidationError

    theme = get_theme("hoa-phuong")
    assert contrast_ratio("#737373", "#ffffff") >= AA_NORMAL_TEXT
    assert contrast_ratio("#737373", theme.surface_colour) < AA_NORMAL_TEXT
    with pytest.raises(ValidationError) as raised:
        brand(theme="hoa-phuong", primary_colour="#737373")
    (message,) = raised.value.message_dict["primary_colour"]
    assert theme.label in message and theme.surface_colour in message
    assert "Chữ trắng" not in message


def test_an_unreadable_theme_text_colour_is_refused(home, settings, tmp_path):
    import shutil

    from themes import registry

    shutil.copytree(settings.THEMES_DIR / "default", tmp_path / "default")
    (tmp_path / "pale").mkdir()
    (tmp_path / "pale" / "theme.toml").write_text(
        'label = "Nhạt"\ntext_colour = "#bbbbbb"\nbackground_colour = "#ffffff"\n',
        encoding="utf-8",
    )
    settings.THEMES_DIR = tmp_path
    registry.approved_themes.cache_clear()
    try:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as raised:
            brand(theme="pale", primary_colour=GOOD_COLOUR)
        assert "Màu chữ của giao diện" in raised.value.message_dict["primary_colour"][0]
    finally:
        registry.approved_themes.cache_clear()


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.com", "matkhau-123")
    client.force_login(user)
    return client


def settings_form_url():
    return f"/admin/settings/themes/themesettings/{default_site().pk}/"


def test_admin_settings_form_refuses_a_low_contrast_colour(admin_client):
    brand(primary_colour=GOOD_COLOUR)
    response = admin_client.post(
        settings_form_url(), {"theme": "default", "logo": "", "primary_colour": LOW_CONTRAST}
    )
    assert response.status_code == 200  # the form again, with the error: nothing saved
    form = response.context["form"]
    assert any("Chữ trắng trên nền #ffcc00" in error for error in form.errors["primary_colour"])
    assert "Chữ trắng trên nền #ffcc00" in response.content.decode()
    assert ThemeSettings.objects.get(site=default_site()).primary_colour == GOOD_COLOUR


def test_admin_settings_form_saves_a_good_colour(admin_client):
    response = admin_client.post(
        settings_form_url(), {"theme": "tre-xanh", "logo": "", "primary_colour": "#1E5631"}
    )
    assert response.status_code == 302
    saved = ThemeSettings.objects.get(site=default_site())
    assert (saved.theme, saved.primary_colour) == ("tre-xanh", "#1e5631")


# The approved themes differ visibly


THEME_MARKERS = {
    # theme: (its stylesheet, markup only it renders)
    "default": (None, None),
    "tre-xanh": ("/static/themes/tre-xanh/theme.css", 'class="site-header site-header--centred"'),
    "hoa-phuong": ("/static/themes/hoa-phuong/theme.css", 'class="card card--dated'),
}


@pytest.fixture
def branded_site(home, article):
    NavigationSettings.objects.update_or_create(
        site=default_site(),
        defaults={"header_links": [("link", {"label": "Tin tức", "page": article.get_parent()})]},
    )
    factories.NewsArticlePageFactory(parent=article.get_parent(), title="Tin thứ hai")
    return home


@pytest.mark.parametrize("theme_name", sorted(THEME_MARKERS))
def test_each_theme_renders_the_home_page_and_an_article(client, branded_site, article, theme_name):
    brand(theme=theme_name)
    stylesheet, marker = THEME_MARKERS[theme_name]
    home_html = client.get("/").content.decode()
    article_response = client.get(article.url)
    assert article_response.status_code == 200
    article_html = article_response.content.decode()
    assert "Khai giảng năm học mới" in home_html and "Khai giảng năm học mới" in article_html
    assert f'class="theme-{theme_name} ' in home_html
    for html in (home_html, article_html):
        links = stylesheet_links(html)
        assert links[0] == "/static/themes/default/css/main.css"
        assert links[1:] == ([stylesheet] if stylesheet else [])
    if marker:
        assert marker in home_html
    for other, (other_stylesheet, other_marker) in THEME_MARKERS.items():
        if other != theme_name and other_marker:
            assert other_marker not in home_html
            assert other_stylesheet not in home_html


def test_the_green_header_keeps_search_menu_and_logo(client, branded_site):
    brand(theme="tre-xanh", logo=factories.ImageFactory(title="Logo"))
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'role="search"' in header and 'class="site-nav"' in header
    assert "site-brand__logo" in header and ".height-160." in header
