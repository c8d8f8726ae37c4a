"""The JSON API for support tools: the contract of DESIGN.md, and 400s that explain."""

from urllib.parse import quote

import pytest

from articles.models import Article
from articles.search.request import MAX_QUERY_LENGTH
from bench.queries import HOSTILE_QUERIES

# Every test runs on every search backend (the PostgreSQL one on PostgreSQL only).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]


def test_search_answers_the_documented_shape(client, search_index):
    response = client.get("/api/search", {"q": "充值失败", "lang": "zh-hans"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"query", "lang", "total", "corrected_query", "results"}
    assert data["query"] == "充值失败" and data["lang"] == "zh-hans" and data["total"] >= 1
    first = data["results"][0]
    article = Article.objects.get(slug="top-up-failed")
    assert first == {
        "id": article.pk,
        "slug": "top-up-failed",
        "lang": "zh-hans",
        "title": article.title_zh_hans,
        "snippet": first["snippet"],
        "url": "http://testserver/zh-hans/articles/top-up-failed/",
        "short_url": f"http://testserver/a/{article.pk}/?lang=zh-hans",
        "category": {"slug": "top-ups-and-payments", "name": article.category.name_zh_hans},
        "fallback": False,
        "outdated": False,
    }
    assert "<mark>" in first["snippet"]


def test_search_reports_corrections_and_fallback(client, search_index):
    data = client.get("/api/search", {"q": "refnud", "lang": "en"}).json()
    assert data["corrected_query"] == "refund"
    assert data["results"][0]["slug"] == "request-refund"


def test_limit_bounds_the_results(client, search_index):
    data = client.get("/api/search", {"q": "account", "lang": "en", "limit": 2}).json()
    assert len(data["results"]) == 2 and data["total"] > 2


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"lang": "en"}, "Missing query"),
        ({"q": "   ", "lang": "en"}, "Missing query"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1), "lang": "en"}, "too long"),
        ({"q": "refund", "lang": "xx"}, "Unknown language"),
        ({"q": "refund", "lang": "en", "limit": "lots"}, "limit"),
        ({"q": "refund", "lang": "en", "limit": "0"}, "limit"),
        ({"q": "refund", "lang": "en", "limit": "1000"}, "limit"),
        ({"q": "refund", "lang": "en", "page": "-1"}, "page"),
    ],
)
def test_bad_requests_are_400_with_a_helpful_error(client, search_index, params, mentions):
    for endpoint in ("/api/search", "/api/suggest"):
        if endpoint == "/api/suggest" and "page" in params:
            continue
        response = client.get(endpoint, params)
        assert response.status_code == 400, (endpoint, params)
        assert mentions in response.json()["error"]


@pytest.mark.parametrize(
    "query", [q[:500] for q in HOSTILE_QUERIES], ids=range(len(HOSTILE_QUERIES))
)
def test_hostile_queries_get_an_answer_not_an_error(client, search_index, query):
    # Sent as raw bytes, as a browser or a script would (lone surrogates included).
    encoded = quote(query.encode("utf-8", "surrogatepass"))
    for endpoint in ("/api/search", "/api/suggest"):
        response = client.get(f"{endpoint}?q={encoded}&lang=ar")
        assert response.status_code in (200, 400), response.content[:200]
        if response.status_code == 400:
            assert "too long" in response.json()["error"]


def test_the_longest_query_is_searched_whole_not_cut(client, search_index):
    # One limit everywhere: a query the API accepts is searched in full (the last word
    # counts), and one character more is a 400, not a silent cut.
    query = "x" * (MAX_QUERY_LENGTH - len(" refund")) + " refund"
    data = client.get("/api/search", {"q": query, "lang": "en"}).json()
    assert data["results"] and data["results"][0]["slug"] == "request-refund"


@pytest.mark.parametrize(
    ("tag", "lang"), [("zh-CN", "zh-hans"), ("ZH-HANS", "zh-hans"), ("es-419", "es")]
)
def test_language_tags_are_matched_like_bcp_47(client, search_index, tag, lang):
    data = client.get("/api/search", {"q": "refund", "lang": tag}).json()
    assert data["lang"] == lang and data["results"][0]["lang"] in (lang, "en")


def test_missing_lang_uses_the_visitors_language(client, search_index):
    data = client.get("/api/search", {"q": "пароль"}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["lang"] == "ru" and data["results"][0]["slug"] == "reset-password"


def test_suggest_returns_titles_for_a_prefix(client, search_index):
    data = client.get("/api/suggest", {"q": "withdr", "lang": "en"}).json()
    assert data["suggestions"][0]["slug"] == "withdrawal-delayed"
    assert data["suggestions"][0]["url"] == "/en/articles/withdrawal-delayed/"


def test_degraded_search_is_marked(client, missing_index):
    data = client.get("/api/search", {"q": "refund", "lang": "en"}).json()
    assert data["degraded"] is True
    assert "request-refund" in [r["slug"] for r in data["results"]]


def test_healthz_is_200_when_in_step_and_503_without_index(client, missing_index):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "rebuild_search_index" in response.json()["index"]["error"]
    from articles import search

    search.rebuild()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] is True and response.json()["index"]["documents"] == 85


def test_results_page_without_javascript(client, search_index):
    html = client.get("/es/search/", {"q": "olvide mi contrasena"}).content.decode()
    assert Article.objects.get(slug="reset-password").title_es in html
    assert "<mark>" in html


def test_results_page_shows_correction_and_counts_per_category(client, search_index):
    html = client.get("/en/search/", {"q": "verifcation"}).content.decode()
    assert "Showing results for <strong>verification</strong>" in html
    assert 'class="facets"' in html


def test_zero_results_page_helps(client, search_index):
    html = client.get("/en/search/", {"q": "zzqqxx"}).content.decode()
    assert "/en/contact/?q=zzqqxx" in html and "Popular articles" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "refund", "page": "abc"},
        {"q": "refund", "page": "99999"},
        {"q": "refund", "category": "no-such"},
        {"q": "\x00"},
        {},
    ],
)
def test_results_page_forgives_odd_parameters(client, search_index, params):
    assert client.get("/en/search/", params).status_code == 200


def test_a_too_long_query_is_a_400_that_still_helps(client, search_index):
    # Same limit as the API; the page says so and shows results for the query's beginning.
    response = client.get("/en/search/", {"q": "refund " + "x" * 20000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "only its beginning was used" in page and "/en/articles/request-refund/" in page
    desk_response = client.get("/en/search/", {"q": "x" * MAX_QUERY_LENGTH})
    assert desk_response.status_code == 200
