"""`/api/openapi.json` describes every `/api/` endpoint, and real answers fit it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from articles.api import schemas as shapes
from articles.core.languages import language_codes
from articles.models import Article
from articles.search.request import MAX_PAGE, MAX_QUERY_LENGTH, QUERY_PATTERN

pytestmark = pytest.mark.django_db


def openapi(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


# ninja's own: the document itself, and the root (the viewer's page: a 404 here).
NOT_ENDPOINTS = {"openapi-json", "api-root"}


def api_routes(patterns=None, prefix: str = "") -> set[str]:
    """Every endpoint's URL pattern under /api/ as an OpenAPI path (`<int:x>` → `{x}`)."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found |= api_routes(pattern.url_patterns, route)
        elif (
            isinstance(pattern, URLPattern)
            and route.startswith("api/")
            and pattern.name not in NOT_ENDPOINTS
        ):
            found.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).removesuffix("$"))
    return found


def test_the_document_is_openapi_3_with_resolvable_references(client):
    document = openapi(client)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    schemas = document["components"]["schemas"]
    text = str(document)
    for ref in re.findall(r"#/components/schemas/(\w+)", text):
        assert ref in schemas, ref
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert method == "get", (path, method)
            assert operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert "400" in operation["responses"] and "429" in operation["responses"]


def test_every_api_url_is_described(client):
    described = set(openapi(client)["paths"])
    routes = api_routes()
    assert {"/api/search", "/api/suggest", "/api/articles/{article_id}", "/api/articles"} <= routes
    assert routes == described


def test_the_article_answer_is_described_with_design_keys(client):
    schema = openapi(client)["components"]["schemas"]["ArticleAnswer"]
    assert set(schema["required"]) == {
        "id", "slug", "lang", "title", "summary", "body_html", "url", "short_url",
        "category", "fallback", "outdated", "updated_at",
    }  # fmt: skip


def test_tokens_are_described_as_optional_bearer(client):
    document = openapi(client)
    scheme = document["components"]["securitySchemes"]["ApiTokenAuth"]
    assert scheme == {"type": "http", "scheme": "bearer"}
    for operations in document["paths"].values():
        assert {} in operations["get"]["security"]  # anonymous calls are allowed


def test_real_answers_validate_against_the_described_shapes(client, search_index):
    article = Article.objects.get(slug="fees")
    search = client.get("/api/search", {"q": "fees", "lang": "ru"}).json()
    shapes.SearchAnswer.model_validate(search)
    shapes.SuggestAnswer.model_validate(client.get("/api/suggest", {"q": "fe"}).json())
    shapes.ArticleAnswer.model_validate(client.get(f"/api/articles/{article.pk}").json())
    changes = client.get("/api/articles", {"changed_since": "2000-01-01T00:00:00Z"}).json()
    shapes.ChangesAnswer.model_validate(changes)
    for bad in ("/api/search?lang=xx&q=a", "/api/articles/1?lang=xx", "/api/articles/999999"):
        shapes.ApiError.model_validate(client.get(bad).json())


def test_no_interactive_viewer_loading_scripts_from_a_cdn(client):
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/").status_code == 404


def test_every_parameter_is_described(client):
    for path, operations in openapi(client)["paths"].items():
        names = {parameter["name"] for parameter in operations["get"]["parameters"]}
        assert "lang" in names or path == "/api/articles", path
        for parameter in operations["get"]["parameters"]:
            assert parameter.get("description") or parameter["in"] == "path", (path, parameter)


def described_parameters(client, path: str) -> dict[str, dict]:
    operation = openapi(client)["paths"][path]["get"]
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def test_the_document_states_what_each_parameter_accepts(client):
    # What the server refuses with a 400 is what the document forbids: required `q` of at
    # most 200 characters and not only white space, a language tag, whole numbers in
    # their ranges, an RFC 3339 date-time (tests/api/test_api_schemathesis.py checks it).
    for path, high in (("/api/search", 50), ("/api/suggest", 20)):
        described = described_parameters(client, path)
        q = described["q"]
        assert q["required"] is True
        assert q["schema"]["maxLength"] == MAX_QUERY_LENGTH and q["schema"]["minLength"] == 1
        assert q["schema"]["pattern"] == QUERY_PATTERN
        assert (
            described["limit"]["schema"] | {"minimum": 1, "maximum": high, "type": "integer"}
            == (described["limit"]["schema"])
        )
        assert described["lang"]["required"] is False
        assert described["lang"]["schema"]["type"] == "string"
        assert described["lang"]["schema"]["pattern"].startswith("^")
    assert described_parameters(client, "/api/search")["page"]["schema"]["maximum"] == MAX_PAGE
    changes = described_parameters(client, "/api/articles")
    assert changes["changed_since"]["required"] is True
    assert changes["changed_since"]["schema"]["format"] == "date-time"
    assert changes["after_id"]["schema"]["type"] == "integer"
    assert changes["limit"]["schema"]["maximum"] == 500


def test_a_search_without_q_is_refused_as_the_document_says(client):
    response = client.get("/api/search", {"lang": "zh-hans"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "Missing query: pass the search text as ?q=…",
        "parameter": "q",
    }
    assert response.json()["parameter"] in {
        name for name, described in described_parameters(client, "/api/search").items()
        if described["required"]
    }  # fmt: skip


@pytest.mark.parametrize("tag", ["zh-hans", "ZH-cn", "es_419", "en-US-x-twain", "", "ar"])
def test_every_tag_the_document_allows_is_answered_in_a_site_language(client, search_index, tag):
    pattern = described_parameters(client, "/api/search")["lang"]["schema"]["pattern"]
    assert re.fullmatch(pattern, tag)
    response = client.get("/api/search", {"q": "fees", "lang": tag})
    assert response.status_code == 200 and response.json()["lang"] in language_codes()


@pytest.mark.parametrize("tag", [" en", "en ", "pt", "en--us", "en-toolongsubtag", "e\u0301n"])
def test_a_tag_the_document_forbids_is_a_400(client, search_index, tag):
    pattern = described_parameters(client, "/api/search")["lang"]["schema"]["pattern"]
    assert not re.fullmatch(pattern, tag)
    response = client.get("/api/search", {"q": "fees", "lang": tag})
    assert response.status_code == 400 and response.json()["parameter"] == "lang"


def test_the_document_passes_an_openapi_validator(client):
    """openapi-spec-validator checks the whole document against the OpenAPI schema of its
    version: what client generators refuse (e.g. `examples` as a list) fails here."""
    validate(openapi(client))
