"""Suggestions for a whole sentence, such as the contact form's example subject: no
title holds every word, so the suggestions are what search finds."""

import pytest

from articles import search

pytestmark = pytest.mark.django_db


def test_a_sentence_no_title_matches_gets_the_search_results(search_backend, search_index):
    sentence = "Top-up failed but money was taken"
    offered = [hit.slug for hit in search.suggest(sentence, "en")]
    found = [hit.slug for hit in search.search(sentence, "en", log=False).hits]
    assert offered and offered == found[: len(offered)]
    assert offered[0] == "top-up-failed"


def test_typing_a_title_still_suggests_titles(search_backend, search_index):
    assert search.suggest("top up fa", "en")[0].slug == "top-up-failed"


def test_a_sentence_that_finds_nothing_suggests_nothing(search_backend, search_index):
    assert search.suggest("qwzx vbnm plkj", "en") == []


def test_api_suggest_answers_a_sentence(client, search_index):
    answer = client.get("/api/suggest?q=Top-up+failed+but+money+was+taken&lang=en").json()
    assert answer["suggestions"][0]["slug"] == "top-up-failed"
