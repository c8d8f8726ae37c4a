"""The localization dashboard opens on the translator's own language, listed first."""

import pytest

from tests.admin.browser_form import signed_in

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/localization/"


def first_counted_language(html: str) -> str:
    counts = html.split("kb-localization-counts")[1]
    return counts.split('<th scope="row"><a href="?lang=')[1].split("&")[0]


def test_a_translators_dashboard_opens_on_their_own_language(sample_content):
    html = signed_in("tr-ru", "Translators (ru)").get(URL).content.decode()
    assert 'id="kb-localization-ru"' in html
    assert first_counted_language(html) == "ru"
    html = signed_in("rev-ar", "Reviewers (ar)").get(URL).content.decode()
    assert 'id="kb-localization-ar"' in html and first_counted_language(html) == "ar"


def test_a_translator_of_several_languages_opens_on_the_one_they_read_the_admin_in(
    sample_content,
):
    translator = signed_in("tr-many", "Translators (zh-hans)", "Translators (ru)")
    html = translator.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'id="kb-localization-ru"' in html
    html = translator.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="kb-localization-zh-hans"' in html
    assert 'id="kb-localization-es"' in translator.get(f"{URL}?lang=es").content.decode()
    # Any BCP 47 tag of a language, as in every other place that reads `lang`.
    assert 'id="kb-localization-es"' in translator.get(f"{URL}?lang=es-419").content.decode()
