"""Vietnamese first: our catalogue and the catalogue of Wagtail's admin are complete."""

import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.utils import translation

OUR_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
WAGTAIL_CATALOGUES = Path(settings.BASE_DIR) / "locale" / "wagtail" / "vi" / "LC_MESSAGES"
WAGTAIL_SOURCES = sorted(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po"))


def untranslated(po):
    return [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]


def test_our_catalogue_is_complete():
    po = polib.pofile(OUR_CATALOGUE)
    assert len(po) > 100
    assert untranslated(po) == []
    assert not po.fuzzy_entries()


# A translation call inside an f-string's braces: `f"{_('Agenda')}: …"`. makemessages does not
# look there, so the string never reaches the catalogue and shows in English.
IN_F_STRING = re.compile(r"""f["'][^"'\n]*\{\s*(?:_|gettext|gettext_lazy|pgettext|ngettext)\(""")


def test_no_translation_call_hides_inside_an_f_string():
    base = Path(settings.BASE_DIR)
    hidden = [
        f"{path.relative_to(base)}:{number}"
        for path in sorted(base.glob("*/**/*.py"))
        if not path.relative_to(base).parts[0].startswith((".", "tests", "bench"))
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if IN_F_STRING.search(text)
    ]
    assert hidden == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_wagtail_admin_catalogue_covers_every_wagtail_string(domain):
    """Upgrading Wagtail brings new strings: this fails until they are translated."""
    ours = polib.pofile(WAGTAIL_CATALOGUES / f"{domain}.po")
    translated = {(entry.msgctxt, entry.msgid) for entry in ours if entry.translated()}
    missing = [
        (source.parts[-5:-3], entry.msgid)
        for source in WAGTAIL_SOURCES
        if source.name == f"{domain}.po"
        for entry in polib.pofile(source)
        if entry.msgid and (entry.msgctxt, entry.msgid) not in translated
    ]
    assert missing == []


def test_strings_render_in_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Latest news") == "Tin mới nhất"
        assert translation.gettext("Sign in") == "Đăng nhập"  # from Wagtail's admin


def test_vietnamese_date_formats():
    import datetime

    from django.utils.formats import date_format

    day = datetime.date(2026, 11, 28)
    with translation.override("vi"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "28/11/2026"
        assert date_format(day) == "Ngày 28 tháng 11 năm 2026"
