"""What a results page does with words that find nothing whole, on every search backend:
a half-typed last word is completed as the suggestions complete it, an English word on
another language's site is searched in English (labelled), and a correction never loses
to the suggestions nor is itself a misspelling."""

import pytest

from articles import search

pytestmark = pytest.mark.django_db


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("en", "refu", "request-refund"),
        ("en", "withd", "withdrawal-delayed"),
        ("es", "reemb", "request-refund"),
        ("ru", "возвр", "request-refund"),
        ("en", "money back refu", "request-refund"),
    ],
)
def test_a_half_typed_last_word_finds_what_the_suggestions_offered(
    search_backend, search_index, lang, typed, expected
):
    offered = [hit.slug for hit in search.suggest(typed, lang)]
    assert expected in offered
    results = search.search(typed, lang, log=False)
    assert results.total > 0
    assert expected in slugs(results)[:3]
    assert results.rewrite == "completion" and results.corrected_query


def test_a_whole_word_is_not_completed_into_a_longer_one(search_backend, search_index):
    results = search.search("refund", "en", log=False)
    assert results.rewrite is None and results.corrected_query is None


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [("en", "pasw", "reset-password"), ("ar", "استر", "request-refund")],
)
def test_a_correction_never_loses_to_what_the_suggestions_found(
    search_backend, search_index, lang, typed, expected
):
    assert search.suggest(typed, lang)[0].slug == expected
    results = search.search(typed, lang, log=False)
    assert slugs(results)[0] == expected


def test_an_english_word_on_the_spanish_site_is_searched_in_english(search_backend, search_index):
    results = search.search("refund", "es", log=False)
    assert results.corrected_query is None  # not "reuna"
    assert results.rewrite == "language" and results.fallback
    assert slugs(results)[0] == "request-refund"
    assert results.hits[0].lang == "en"


def test_a_correction_is_spelled_as_the_articles_spell_it(search_backend, search_index):
    # "withdrawl" is one of the article's keywords (a misspelling visitors type, kept so
    # that it finds the article) but never a correction.
    results = search.search("widthdrawl not recieved", "en", log=False)
    assert results.corrected_query == "withdrawal not received"
    assert slugs(results)[0] == "withdrawal-delayed"


def test_the_correction_vocabulary_holds_no_keyword_misspelling(search_backend, search_index):
    index = search.get_index()
    assert index.known_words("en", ["withdrawl", "withdrawal", "received"]) == {
        "withdrawal",
        "received",
    }


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("verificacon", "verificación"), ("contrase", "contraseña")],
)
def test_a_correction_keeps_the_accents_the_articles_write(
    search_backend, search_index, typed, shown
):
    # The index folds accents ("contrasena"); the label shows the word as written.
    assert search.search(typed, "es", log=False).corrected_query == shown
