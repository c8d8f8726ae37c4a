"""The results page and /api/search for a half-typed word and for an English word typed
on another language's site."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_results_page_completes_a_half_typed_word(client, search_index):
    page = client.get("/en/search/?q=refu").content.decode()
    assert "0 results" not in page
    assert "/en/articles/request-refund/" in page


def test_api_search_completes_a_half_typed_word(client, search_index):
    answer = client.get("/api/search?q=withd&lang=en").json()
    assert answer["results"][0]["slug"] == "withdrawal-delayed"


def test_an_english_word_on_the_spanish_page_is_labelled_english(client, search_index):
    page = client.get("/es/search/?q=refund").content.decode()
    assert "reuna" not in page
    assert "Resultados en inglés para “refund”" in page
    assert "/es/articles/request-refund/" in page
