"""Interface strings: translated in every language, compiled catalogs up to date."""

import polib
import pytest
from django.test import Client

from tests.paths import ROOT

CATALOGS = ["zh_Hans", "ru", "es", "ar"]


@pytest.mark.parametrize("locale", CATALOGS)
def test_every_interface_string_is_translated(locale):
    catalog = polib.pofile(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po")
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []


@pytest.mark.parametrize("locale", CATALOGS)
def test_compiled_catalog_matches_its_source(locale):
    folder = ROOT / "locale" / locale / "LC_MESSAGES"
    source = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.pofile(folder / "django.po")}
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(folder / "django.mo")}
    missing = {k: v for k, v in source.items() if k and compiled.get(k) != v}
    assert missing == {}, "run: python manage.py compilemessages"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "skip_link"),
    [
        ("ru", "Перейти к содержанию"),
        ("es", "Saltar al contenido"),
        ("zh-hans", "跳到"),
        ("ar", "انتقل"),
    ],
)
def test_pages_use_the_translated_interface(lang, skip_link):
    html = Client().get(f"/{lang}/").content.decode()
    assert "Skip to content" not in html
    assert skip_link in html
