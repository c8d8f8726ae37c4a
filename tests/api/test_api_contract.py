"""`/api/openapi.json` describes every `/api/` endpoint, and real answers fit it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from articles.api import schemas as shapes
from articles.models import Article

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
