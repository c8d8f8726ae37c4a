"""Arabic plural strings: six forms (zero, one, two, few, many, other), and the zero, one
and two forms say the count in words, so "2 نتيجتان" (the number beside the dual that
already says it) never shows."""

import re

import polib
import pytest
from django.utils import translation

from tests.paths import ROOT

COUNTS = (0, 1, 2, 3, 11, 100)
CATALOG = polib.pofile(ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po")
PLURALS = [entry for entry in CATALOG if entry.msgid_plural and not entry.obsolete]


def render(entry: polib.POEntry, n: int) -> str:
    """The entry's Arabic text for n, as the site renders it (compiled catalog)."""
    with translation.override("ar"):
        text = translation.ngettext(entry.msgid, entry.msgid_plural, n)
    names = set(re.findall(r"%\((\w+)\)", entry.msgid + entry.msgid_plural))
    if names:
        return text % {
            name: n if name in {"count", "counter", "frames", "minutes", "n", "limit"} else "X"
            for name in names
        }
    return text % n


def outside_parentheses(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text)


def test_the_catalog_has_six_plural_forms():
    assert "nplurals=6;" in CATALOG.metadata["Plural-Forms"]
    assert all(len(entry.msgstr_plural) == 6 for entry in PLURALS)


@pytest.mark.parametrize("entry", PLURALS, ids=[entry.msgid[:40] for entry in PLURALS])
def test_every_count_renders_in_its_own_form(entry):
    rendered = {n: render(entry, n) for n in COUNTS}
    for n in (0, 1, 2):  # said in words: no number beside the word that says it
        assert not re.search(rf"(?<!\d){n}(?!\d)", outside_parentheses(rendered[n])), rendered[n]
    for n in (3, 11, 100):
        assert str(n) in rendered[n]
    assert rendered[2] != rendered[100].replace("100", "2")  # a real dual


def test_the_results_heading_for_two_is_the_dual_alone():
    entry = next(e for e in PLURALS if e.msgid.startswith("%(counter)s result for"))
    assert render(entry, 2) == "نتيجتان للبحث عن «X»"
