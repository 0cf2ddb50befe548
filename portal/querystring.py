"""One reader for query-string parameters: integers, dates, ISO weeks and text.

Every public view that reads ``request.GET`` goes through these functions, so a bad value is
a 400 with a Vietnamese message (``InvalidParameter``, rendered by ``portal.views.bad_request``)
and never reaches the database as something it refuses (a NUL byte, an integer past
PostgreSQL's bigint, "²" that ``str.isdigit`` accepts and ``int`` does not).

``QueryStringGuardMiddleware`` applies the rules that hold for every parameter of every URL
(no control characters, a bound on each value's length) before any view runs.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

# PostgreSQL's bigint, the widest integer column (Django's BigAutoField).
BIGINT_MAX = 2**63 - 1
# ASCII digits only: str.isdigit() and int() accept other scripts' digits ("٣", "²" for isdigit).
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Years a calendar or filter may name; outside them date arithmetic overflows (year 1, 9999).
MIN_YEAR, MAX_YEAR = 1900, 2200
# Characters that are never part of a parameter a person typed: C0 controls except tab, line
# feed and carriage return (folded to spaces by `get_text`), DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A value longer than this is refused for every URL (search terms are bounded much lower).
MAX_VALUE_LENGTH = 2000
DEFAULT_TEXT_LENGTH = 200


class InvalidParameter(BadRequest):
    """A query parameter that cannot be read: a 400 whose message is shown to the visitor."""

    def __init__(self, message, *, name=""):
        super().__init__(message)
        self.message = message
        self.name = name


def _check_characters(value, name):
    if _has_bad_characters(value):  # control characters, lone surrogates
        raise InvalidParameter(
            _("The address contains characters that are not allowed (parameter “%(name)s”).")
            % {"name": name},
            name=name,
        )


def clean_text(value, *, name, max_length=DEFAULT_TEXT_LENGTH):
    """``value`` with its whitespace folded to single spaces; 400 if too long or with controls."""
    value = value or ""
    _check_characters(value, name)
    text = " ".join(value.split())
    if len(text) > max_length:
        raise InvalidParameter(
            _("The value of “%(name)s” is too long (at most %(max)s characters).")
            % {"name": name, "max": max_length},
            name=name,
        )
    return text


def get_text(params, name, *, max_length=DEFAULT_TEXT_LENGTH, default=""):
    """The text parameter ``name`` (the last one if repeated), cleaned by `clean_text`."""
    value = params.get(name)
    if value is None:
        return default
    return clean_text(value, name=name, max_length=max_length)


def parse_int(value, *, name, minimum=0, maximum=BIGINT_MAX):
    """``value`` as an int in [minimum, maximum] (ASCII digits only); InvalidParameter if not."""
    text = (value or "").strip()
    if not _INTEGER.fullmatch(text):
        raise InvalidParameter(_("“%(name)s” must be a whole number.") % {"name": name}, name=name)
    number = int(text)
    if not minimum <= number <= maximum:
        raise InvalidParameter(
            _("“%(name)s” must be a whole number between %(min)s and %(max)s.")
            % {"name": name, "min": minimum, "max": maximum},
            name=name,
        )
    return number


def get_int(params, name, *, default=None, minimum=0, maximum=BIGINT_MAX):
    """The integer parameter ``name``; ``default`` when absent or empty; 400 when invalid."""
    value = params.get(name)
    if value is None or not value.strip():
        return default
    return parse_int(value, name=name, minimum=minimum, maximum=maximum)


def get_int_list(params, name, *, minimum=0, maximum=BIGINT_MAX, allow=()):
    """Every value of a repeated integer parameter (``?id=1&id=2``); words in ``allow`` kept."""
    values = []
    for value in params.getlist(name):
        if value in allow:
            values.append(value)
        else:
            values.append(parse_int(value, name=name, minimum=minimum, maximum=maximum))
    return values


def optional_int(value, *, minimum=0, maximum=BIGINT_MAX):
    """``value`` as an int in range, or None (for filters that ignore a bad value)."""
    try:
        return parse_int(value, name="", minimum=minimum, maximum=maximum)
    except InvalidParameter:
        return None


def parse_date(value, *, name):
    """A date written YYYY-MM-DD, its year within MIN_YEAR..MAX_YEAR; InvalidParameter if not."""
    match = _DATE.fullmatch((value or "").strip())
    try:
        if not match or not MIN_YEAR <= int(match[1]) <= MAX_YEAR:
            raise ValueError
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidParameter(
            _("“%(name)s” must be a date written year-month-day, e.g. 2026-09-05.")
            % {"name": name},
            name=name,
        ) from None


def get_date(params, name, *, default=None):
    value = params.get(name)
    if value is None or not value.strip():
        return default
    return parse_date(value, name=name)


# Characters with a meaning in a full-text query language (SQLite FTS5, PostgreSQL tsquery,
# Lucene): user text is matched as words, so they become spaces.
_SEARCH_SYNTAX = re.compile(r"[\"'\\()\[\]{}*^:~!&|<>+=?`$#%@;,]")


def search_words(text):
    """User text reduced to words for a full-text back-end: no quotes, backslashes or operators.

    Wagtail's SQLite (FTS5) backend passes a query's text into MATCH, where a lone ``"`` or a
    ``\\`` is a syntax error; the words themselves are all a visitor means.
    """
    return " ".join(_SEARCH_SYNTAX.sub(" ", text or "").split())


class QueryStringGuardMiddleware:
    """Refuse, with a 400, a query string no page can read: control characters in a name or a
    value, a lone surrogate, or a value over MAX_VALUE_LENGTH characters.

    Put it early in MIDDLEWARE (after SecurityMiddleware): what it refuses would otherwise
    reach the database (PostgreSQL refuses NUL in text) or a log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check_query_string(request.GET)
        check_path(request.path)
        return self.get_response(request)


def _has_bad_characters(value):
    return bool(_CONTROL.search(value)) or any(unicodedata.category(char) == "Cs" for char in value)


def check_query_string(params):
    """The rules for every parameter of every URL (names from the address are never echoed)."""
    for name, values in params.lists():
        if _has_bad_characters(name) or any(_has_bad_characters(value) for value in values):
            raise InvalidParameter(_("The address contains characters that are not allowed."))
        if any(len(value) > MAX_VALUE_LENGTH for value in values):
            raise InvalidParameter(
                _("A value in the address is too long (at most %(max)s characters).")
                % {"max": MAX_VALUE_LENGTH}
            )


def check_path(path):
    if _has_bad_characters(path) or "\r" in path or "\n" in path:
        raise InvalidParameter(_("The address contains characters that are not allowed."))
