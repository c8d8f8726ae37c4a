"""Cross-origin calls to `/api/` (django-cors-headers): closed unless the origin is listed
in KB_CORS_ALLOWED_ORIGINS, and then only for the API, only for reading, never with
cookies."""

import pytest

from tests.processes import run_django

pytestmark = pytest.mark.django_db

DESK = "https://desk.example.com"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


@pytest.fixture
def listed(settings):
    settings.CORS_ALLOWED_ORIGINS = [DESK, EXTENSION]
    settings.KB_RATE_LIMIT = False


def preflight(client, path: str, origin: str, headers: str = "authorization"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def test_no_origin_may_call_the_api_by_default(client, search_index):
    response = client.get("/api/search?q=fees&lang=en", HTTP_ORIGIN=DESK)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/search", DESK)


def test_a_listed_origin_may_read_the_api_with_a_token(client, search_index, listed):
    for origin in (DESK, EXTENSION):
        answer = client.get("/api/search?q=fees&lang=en", HTTP_ORIGIN=origin)
        assert answer["Access-Control-Allow-Origin"] == origin
        assert "origin" in answer["Vary"].lower()  # shared caches: one answer per origin
        assert answer["Access-Control-Expose-Headers"] == "Retry-After"
        assert "Access-Control-Allow-Credentials" not in answer  # never cookies
        asked = preflight(client, "/api/articles/1", origin, "authorization, accept-language")
        assert asked.status_code == 200
        assert asked["Access-Control-Allow-Origin"] == origin
        assert asked["Access-Control-Allow-Methods"] == "GET, OPTIONS"
        assert "authorization" in asked["Access-Control-Allow-Headers"].split(", ")
        assert int(asked["Access-Control-Max-Age"]) > 0


def test_only_the_listed_origins_and_only_the_api(client, search_index, listed):
    other = client.get("/api/suggest?q=fee&lang=en", HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in other
    lookalike = client.get("/api/suggest?q=fee", HTTP_ORIGIN=DESK + ".evil.example.net")
    assert "Access-Control-Allow-Origin" not in lookalike
    for page in ("/en/", "/en/search/?q=fees", "/en/contact/"):
        assert "Access-Control-Allow-Origin" not in client.get(page, HTTP_ORIGIN=DESK), page


def test_the_allow_list_comes_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)"
    listed = run_django(
        code, KB_DATA_DIR=str(tmp_path), KB_CORS_ALLOWED_ORIGINS=f" {DESK}/, {EXTENSION} "
    )
    assert listed.stdout.strip() == str([DESK, EXTENSION])
    assert run_django(code, KB_DATA_DIR=str(tmp_path)).stdout.strip() == "[]"
