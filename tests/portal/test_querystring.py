"""The shared query-parameter reader and the 400 page it leads to."""

import datetime

import pytest
from django.http import QueryDict

from calendars.weeks import InvalidWeek, Week
from portal import querystring
from portal.querystring import InvalidParameter


@pytest.mark.parametrize("value", ["0", "7", " 42 ", "+3", "9223372036854775807"])
def test_ascii_integers_in_range_are_read(value):
    assert querystring.parse_int(value, name="n") == int(value)


@pytest.mark.parametrize(
    "value",
    [
        "²",  # str.isdigit() accepts it, int() does not
        "٣",  # int() accepts other scripts' digits; we do not
        "１",
        "9223372036854775808",  # past PostgreSQL's bigint
        "9" * 5000,  # past Python's int() digit limit
        "1.5",
        "1e3",
        "",
        "a\x00b",
    ],
)
def test_anything_else_is_an_invalid_parameter(value):
    with pytest.raises(InvalidParameter) as raised:
        querystring.parse_int(value, name="trang")
    assert "trang" in str(raised.value.message)


def test_bounds_are_checked_and_named():
    with pytest.raises(InvalidParameter):
        querystring.parse_int("0", name="n", minimum=1)
    with pytest.raises(InvalidParameter):
        querystring.parse_int("51", name="n", maximum=50)
    assert querystring.optional_int("51", maximum=50) is None
    assert querystring.optional_int("²") is None
    assert querystring.optional_int("12") == 12


def test_lists_and_defaults():
    params = QueryDict("id=1&id=2&id=all&empty=")
    assert querystring.get_int_list(params, "id", allow=("all",)) == [1, 2, "all"]
    with pytest.raises(InvalidParameter):
        querystring.get_int_list(QueryDict("id=1&id=%C2%B2"), "id")
    assert querystring.get_int(params, "empty", default=5) == 5
    assert querystring.get_int(params, "missing") is None


def test_text_is_folded_bounded_and_free_of_controls():
    assert querystring.get_text(QueryDict("q=a%0D%0A++b"), "q") == "a b"
    with pytest.raises(InvalidParameter):
        querystring.get_text(QueryDict("q=a%00b"), "q")
    with pytest.raises(InvalidParameter):
        querystring.get_text(QueryDict("q=" + "a" * 201), "q")
    with pytest.raises(InvalidParameter):
        querystring.clean_text("a\ud800b", name="q")  # a lone surrogate


def test_dates():
    assert querystring.parse_date("2026-09-05", name="d") == datetime.date(2026, 9, 5)
    for value in ("2026-13-45", "0001-01-01", "9999-12-31", "２０２６-01-01", "05/09/2026"):
        with pytest.raises(InvalidParameter):
            querystring.parse_date(value, name="d")


@pytest.mark.parametrize("value", ["9999-W52", "0001-W01", "١٢٣٤-W01", "2026-W60", "2026-W1"])
def test_weeks_outside_the_calendar_or_not_ascii_are_refused(value):
    with pytest.raises(InvalidWeek):
        Week.parse(value)


def test_a_week_in_range_keeps_its_neighbours():
    week = Week.parse("2200-W52")
    assert str(week.next) == "2201-W01" and str(week.previous) == "2200-W51"


def test_search_words_drop_full_text_syntax():
    assert (
        querystring.search_words('"tuyển sinh" \\ lớp*10 (a) OR -b') == "tuyển sinh lớp 10 a OR -b"
    )
    assert querystring.search_words('"') == ""
    assert querystring.search_words("125/QĐ-SGDĐT") == "125/QĐ-SGDĐT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["q=a%00b", "type=a%00b", "q=a%01b", "q=" + "a" * 2001, "%00=1", "q=a%C2%85b"],
)
def test_the_guard_answers_400_with_the_reason_before_any_view(client, home, query):
    response = client.get(f"/tim-kiem/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "\x00" not in html
    assert "a" * 2001 not in html


@pytest.mark.django_db
def test_a_nul_in_the_path_is_a_400_not_a_database_error(client, home):
    assert client.get("/tin-tuc%00/").status_code == 400
    assert client.get("/tin-tuc/%0D%0ASet-Cookie:x/").status_code == 400


@pytest.mark.django_db
def test_the_400_page_shows_the_parameters_message(client, home):
    from django.utils.translation import gettext

    response = client.get("/tim-kiem/?q=a%00b")
    expected = gettext("The address contains characters that are not allowed.")
    assert expected in response.content.decode()
