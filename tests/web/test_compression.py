"""Public pages go out compressed; nothing that holds a secret does (BREACH)."""

import gzip

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client

from articles.web.compression import PublicCompressionMiddleware

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_public_page_is_compressed_for_a_browser_that_accepts_it(search_index):
    response = Client().get("/en/articles/fees/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)


def test_a_cached_page_is_compressed_too(search_index):
    Client().get("/en/search/?q=fee")  # fills the page cache
    response = Client().get("/en/search/?q=fee", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


def test_without_accept_encoding_the_page_is_plain(search_index):
    response = Client().get("/en/articles/fees/")
    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "csrftoken=abcdefghijklmnopqrstuvwxyz012345"},
        {"HTTP_COOKIE": "sessionid=whatever"},
        {"HTTP_AUTHORIZATION": "Bearer not-a-token"},
    ],
)
def test_a_request_that_carries_a_secret_gets_no_compression(search_index, headers):
    response = Client().get("/en/search/?q=fee", **GZIP, **headers)
    assert not response.has_header("Content-Encoding")


def test_a_page_with_a_csrf_token_is_never_compressed(rf):
    def view(request):
        response = HttpResponse(f"<form>{get_token(request)}</form>" + "x" * 500)
        response["Cache-Control"] = "public, max-age=60"  # even if a view says so
        return response

    request = rf.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert not PublicCompressionMiddleware(view)(request).has_header("Content-Encoding")
    plain = rf.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    public = HttpResponse("x" * 500, headers={"Cache-Control": "public, max-age=60"})
    compressed = PublicCompressionMiddleware(lambda request: public)(plain)
    assert compressed["Content-Encoding"] == "gzip"  # the same response without the token


def test_a_signed_in_editors_pages_are_never_compressed(editor_client, search_index):
    for url in ("/en/articles/fees/", "/admin/"):
        response = editor_client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url


def test_a_cached_page_is_kept_gzipped_and_sent_as_it_is(search_index, monkeypatch):
    Client().get("/en/articles/fees/")  # fills the page cache
    monkeypatch.setattr(
        "django.middleware.gzip.compress_string",
        lambda *args, **kwargs: pytest.fail("a hit was compressed again"),
    )
    response = Client().get("/en/articles/fees/", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content)
    assert response["ETag"].startswith('W/"')
    assert b"</html>" in gzip.decompress(response.content)
    again = Client().get("/en/articles/fees/", HTTP_IF_NONE_MATCH=response["ETag"], **GZIP)
    assert again.status_code == 304
    plain = Client().get("/en/articles/fees/")
    assert not plain.has_header("Content-Encoding") and b"</html>" in plain.content
    assert "Accept-Encoding" in plain["Vary"]
