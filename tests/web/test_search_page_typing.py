"""The results page and the search box for how people type: strong results
first with the weak tail folded away, short snippets, English stand-ins labelled, every
rewrite said, suggestion counts announced with the language's plurals."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from articles.search.snippets import CJK_WIDTH, WIDTH
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def page(path: str) -> str:
    return Client().get(path).content.decode()


def test_weak_results_are_folded_under_more_articles(search_index):
    html = page("/en/search/?q=withdrawal+not+arrived")
    main, _sep, folded = html.partition('<details class="weak-results">')
    assert "/en/articles/withdrawal-delayed/" in main
    assert folded and "more articles that mention" in folded
    assert "/en/articles/withdrawal-delayed/" not in folded


def test_topic_chips_count_strong_matches_only(search_index):
    html = page("/en/search/?q=card+payment")
    counts = [int(n) for n in re.findall(r'<span class="count">\((\d+)\)</span>', html)]
    shown = html.partition('<details class="weak-results">')[0].count('<p class="snippet">')
    assert len(counts) > 1 and sum(counts) == shown
    assert '<details class="weak-results">' in html


@pytest.mark.parametrize(("lang", "query"), [("zh-hans", "账户"), ("en", "account")])
def test_snippets_stay_about_two_lines(search_index, lang, query):
    html = page(f"/{lang}/search/?q={query}")
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, flags=re.S)
    limit = CJK_WIDTH if lang == "zh-hans" else WIDTH
    assert snippets
    for snippet in snippets:
        text = unescape(re.sub(r"<[^>]+>", "", snippet)).strip(" …")
        assert len(text) <= limit + 30


def test_a_layout_rewrite_is_said_and_can_be_undone(search_index):
    html = page("/ru/search/?q=ntktajy")
    assert "<strong>телефон</strong>" in html and "exact=1" in html


def test_english_stand_ins_are_labelled_among_native_results(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(
            published=True,
            slug="close-account",
            title_en="Closing your account",
            keywords_zh_hans="销户",
        )
    html = page("/zh-hans/search/?q=销户")
    item = html[html.index("/zh-hans/articles/close-account/") - 200 :]
    assert '<li lang="en" dir="ltr">' in item and 'class="badge"' in item
    payload = Client().get("/api/search", {"q": "销户", "lang": "zh-hans"}).json()
    assert payload["results"][0]["fallback"] is True
    assert payload["results"][0]["lang"] == "en"


@pytest.mark.parametrize(
    ("lang", "one", "two", "five", "search_for"),
    [
        ("ru", "1 подсказка", "2 подсказки", "5 подсказок", "Искать «%s»"),
        ("en", "1 suggestion available", "2 suggestions", "5 suggestions", "Search for “%s”"),
        ("es", "1 sugerencia disponible", "2 sugerencias", "5 sugerencias", "Buscar «%s»"),
        ("zh-hans", "有 1 条建议", "有 2 条建议", "有 5 条建议", "搜索“%s”"),
        ("ar", "اقتراح واحد متاح.", "اقتراحان متاحان.", "5 اقتراحات متاحة", "%s"),
    ],
)
def test_suggestion_counts_are_announced_with_the_languages_plurals(
    sample_content, lang, one, two, five, search_for
):
    html = page(f"/{lang}/")
    labels = json.loads(unescape(re.search(r'data-suggestions-counts="([^"]*)"', html)[1]))
    assert labels[1].startswith(one) and labels[2].startswith(two)
    assert labels[5].startswith(five)
    assert search_for in unescape(re.search(r'data-search-for="([^"]*)"', html)[1])


def test_the_search_box_script_ends_suggestions_with_a_search_row():
    script = (ROOT / "articles" / "static" / "articles" / "site.js").read_text()
    assert "suggestion-search" in script and "suggestionsCounts" in script
