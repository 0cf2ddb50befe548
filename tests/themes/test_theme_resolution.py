"""A site setting picks the theme; templates resolve in that theme, then in "default"."""

import shutil

import pytest
from wagtail.models import Site

from portal import factories
from themes import registry
from themes.models import ThemeSettings


@pytest.fixture
def themes_dir(tmp_path, settings):
    """The real default theme plus a test theme that overrides only the home page."""
    shutil.copytree(settings.THEMES_DIR / "default", tmp_path / "default")
    civic = tmp_path / "civic"
    (civic / "templates" / "portal").mkdir(parents=True)
    (civic / "theme.toml").write_text(
        'label = "Civic"\ntext_colour = "#000000"\nbackground_colour = "#ffffff"\n',
        encoding="utf-8",
    )
    (civic / "templates" / "portal" / "home_page.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="civic">Giao diện Civic</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.THEMES_DIR = tmp_path
    registry.approved_themes.cache_clear()
    yield tmp_path
    registry.approved_themes.cache_clear()


def choose_theme(name):
    site = Site.objects.get(is_default_site=True)
    ThemeSettings.objects.update_or_create(site=site, defaults={"theme": name})


def test_approved_themes_are_the_folders_with_a_manifest(themes_dir):
    (themes_dir / "not-a-theme").mkdir()
    assert [name for name, _ in registry.theme_choices()] == ["civic", "default"]


def test_default_theme_is_used_without_a_setting(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert b'class="home-grid"' in response.content


def test_chosen_theme_overrides_and_falls_back(client, themes_dir, home, news_index):
    choose_theme("civic")
    home_html = client.get("/").content.decode()
    assert 'id="civic"' in home_html
    assert "site-header" in home_html  # base.html came from the default theme
    news_html = client.get(news_index.url).content.decode()  # not overridden by civic
    assert "card-list" in news_html and 'id="civic"' not in news_html


def test_a_theme_never_leaks_into_another_request(client, themes_dir, home):
    choose_theme("civic")
    assert 'id="civic"' in client.get("/").content.decode()
    choose_theme("default")
    assert 'id="civic"' not in client.get("/").content.decode()


def test_unknown_theme_name_falls_back_to_default(client, themes_dir, home):
    choose_theme("removed-theme")
    response = client.get("/")
    assert response.status_code == 200
    assert b'class="home-grid"' in response.content


def test_theme_setting_offers_only_approved_themes(themes_dir, home):
    field = ThemeSettings._meta.get_field("theme")
    assert [value for value, _ in field.choices] == ["civic", "default"]
    factories.StandardPageFactory(parent=home)  # the tree still builds under any theme
