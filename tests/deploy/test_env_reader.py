"""portal.settings.env: every value from the environment is typed, and a bad one names itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.env import Env


def reader(**environ):
    return Env(environ)


def test_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_VARIABLE", "có dấu")
    assert Env().str("PORTAL_TEST_VARIABLE") == "có dấu"


def test_str_returns_value_or_default():
    env = reader(NAME="Sở GDĐT")
    assert env.str("NAME") == "Sở GDĐT"
    assert env.str("MISSING", "fallback") == "fallback"
    assert env.str("MISSING", "") == ""


def test_an_empty_value_is_kept_not_replaced_by_the_default():
    assert reader(NAME="").str("NAME", "fallback") == ""


@pytest.mark.parametrize("method", ["str", "bool", "int", "list"])
def test_missing_required_variable_raises_with_its_name(method):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        getattr(reader(), method)("SECRET_KEY")


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " true "])
def test_bool_true_spellings(raw):
    assert reader(FLAG=raw).bool("FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", ""])
def test_bool_false_spellings(raw):
    assert reader(FLAG=raw).bool("FLAG") is False


def test_bool_default_is_returned_as_is():
    assert reader().bool("FLAG", True) is True
    assert reader().bool("FLAG", False) is False


@pytest.mark.parametrize("raw", ["2", "maybe", "y", "enabled"])
def test_bool_rejects_anything_else_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match=r"SECURE_SSL_REDIRECT must be a boolean"):
        reader(SECURE_SSL_REDIRECT=raw).bool("SECURE_SSL_REDIRECT")


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("25", 25), ("-1", -1), (" 587 ", 587)])
def test_int_parses(raw, expected):
    assert reader(EMAIL_PORT=raw).int("EMAIL_PORT") == expected


def test_int_default_is_returned_as_is():
    assert reader().int("EMAIL_PORT", 25) == 25


@pytest.mark.parametrize("raw", ["", "abc", "1.5", "25s"])
def test_int_rejects_non_integers_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match=r"EMAIL_PORT must be an integer"):
        reader(EMAIL_PORT=raw).int("EMAIL_PORT")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a.example.vn", ["a.example.vn"]),
        ("a.example.vn,.a.example.vn", ["a.example.vn", ".a.example.vn"]),
        (" a , b ,, c ,", ["a", "b", "c"]),
        ("", []),
        (" , ", []),
    ],
)
def test_list_splits_on_commas_and_drops_empty_items(raw, expected):
    assert reader(ALLOWED_HOSTS=raw).list("ALLOWED_HOSTS") == expected


def test_list_default_may_be_a_string_or_a_list():
    assert reader().list("ALLOWED_HOSTS", "x,y") == ["x", "y"]
    assert reader().list("ALLOWED_HOSTS", ("x", "y")) == ["x", "y"]
    assert reader().list("ALLOWED_HOSTS", "") == []
