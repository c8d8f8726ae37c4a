"""What a CDN or reverse proxy in front may keep, and the purge after every change."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.web import shared_caches

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    parts = [p.strip() for p in response["Cache-Control"].split(",")]
    return dict(p.split("=") if "=" in p else (p, "") for p in parts)


def test_without_a_purge_url_shared_caches_keep_a_page_one_second(search_index):
    for url in ("/en/articles/fees/", "/en/search/?q=fee", "/api/search?q=fee&lang=en"):
        response = Client().get(url)
        found = directives(response)
        assert found["s-maxage"] == "1", url
        assert "stale-while-revalidate" not in found, url


def test_with_a_purge_url_shared_caches_keep_it_longer_and_may_serve_it_stale(
    settings, search_index
):
    settings.KB_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    settings.KB_SHARED_MAX_AGE, settings.KB_STALE_WHILE_REVALIDATE = 3600, 30
    found = directives(Client().get("/en/articles/fees/"))
    assert found["s-maxage"] == "3600" and found["stale-while-revalidate"] == "30"
    assert found["max-age"] == "60"  # browsers: unchanged


def test_private_pages_get_no_shared_directives(editor_client, search_index):
    response = editor_client.get("/en/articles/fees/")
    assert "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_carry_validators(search_index):
    response = Client().get("/en/articles/fees/")
    assert response.has_header("ETag") or response.has_header("Last-Modified")
    again = Client().get(
        "/en/articles/fees/",
        HTTP_IF_NONE_MATCH=response.get("ETag", ""),
        HTTP_IF_MODIFIED_SINCE=response.get("Last-Modified", ""),
    )
    assert again.status_code == 304


class PurgeRecorder(BaseHTTPRequestHandler):
    received: list = []

    def do_PURGE(self):  # noqa: N802  (the HTTP method's name)
        PurgeRecorder.received.append((self.path, self.headers.get("X-Purge-Scope")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.KB_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield PurgeRecorder.received
    server.shutdown()


def test_purge_all_sends_purge_to_every_proxy(proxy):
    assert shared_caches.purge_all() == 1
    assert proxy == [("/", "all")]


def test_a_proxy_that_does_not_answer_is_logged_not_raised(settings, caplog):
    settings.KB_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    assert shared_caches.purge_all() == 0
    assert "KB_CACHE_PURGE_URLS" in caplog.text


def test_a_saved_article_purges_the_proxies_twice(proxy, settings, search_index,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    settings.KB_PURGE_REPEAT_SECONDS = 0.2
    purger = shared_caches.Purger()
    article = Article.objects.get(slug="fees")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title_en = "Fees, changed"
        article.save()
    assert shared_caches.purger.request in callbacks
    purger.request()
    deadline = timezone.now() + timedelta(seconds=5)
    while len(proxy) < 2 and timezone.now() < deadline:
        threading.Event().wait(0.05)
    assert len(proxy) == 2
