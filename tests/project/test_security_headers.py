"""Content-Security-Policy and Permissions-Policy on every answer, and pages that obey them."""

import re

import pytest
from django.test import Client

from articles.models import Article, Category

pytestmark = pytest.mark.django_db

INLINE = [
    # Inline script; a data block (JSON, the JSON-LD of article pages) is never run, and
    # the policy does not apply to it.
    re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*\stype=\"application/(?:ld\+)?json\")[^>]*>", re.I),
    re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),  # inline event handler
    re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),  # inline style attribute
    re.compile(r"<style[\s>]", re.I),
    re.compile(r"javascript:", re.I),
]


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


def test_pages_forbid_inline_script_and_other_origins(client, search_index):
    for url in ("/en/", "/ar/search/?q=fees", "/en/articles/fees/", "/api/search?q=fees"):
        csp = policy(client.get(url))
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"] == ["'self'"], url  # no 'unsafe-inline', no other host
        assert csp["style-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"], url
        assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"], url


def test_permissions_policy_denies_powerful_features(client, sample_content):
    header = client.get("/en/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header
    assert "clipboard-write=(self)" in header  # "Copy link" still works


def test_errors_and_429_carry_the_policy_too(client, sample_content, settings):
    assert "script-src 'self'" in client.get("/en/articles/no-such/")["Content-Security-Policy"]
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "search": "1/m"}
    client.get("/en/search/?q=a")
    refused = client.get("/en/search/?q=b")
    assert refused.status_code == 429 and "Content-Security-Policy" in refused


def assert_no_inline_code(response, url: str) -> None:
    html = response.content.decode()
    for pattern in INLINE:
        found = pattern.search(html)
        assert found is None, (url, found and html[found.start() - 80 : found.end() + 80])


def test_public_pages_have_no_inline_script_or_style(search_index, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "search": "1000/m"}
    client = Client()
    for lang in ("en", "ar"):
        for url in (
            f"/{lang}/",
            f"/{lang}/search/?q=refund",
            f"/{lang}/search/?q=zzqqxx",
            f"/{lang}/articles/withdrawal-delayed/",
            f"/{lang}/articles/fees/?feedback=tell-us",
            f"/{lang}/categories/account/",
            f"/{lang}/articles/no-such-article/",
        ):
            assert_no_inline_code(client.get(url), url)
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "search": "1/m"}
    client.get("/es/search/?q=a")
    assert_no_inline_code(client.get("/es/search/?q=b"), "429 page")


def test_a_script_element_that_would_run_is_still_found():
    html = '<script type="application/ld+json">{}</script><script type="module">x()</script>'
    assert any(pattern.search(html.split("</script>")[1]) for pattern in INLINE)
    assert not any(pattern.search(html.split("</script>")[0]) for pattern in INLINE)


def test_admin_and_support_desk_have_no_inline_script_or_style(editor_client, search_index):
    article = Article.objects.get(slug="fees")
    category = Category.objects.get(slug="account")
    for url in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/category/{category.pk}/change/",
        "/admin/articles/searchlog/",
        "/admin/articles/synonymgroup/add/",
        "/en/support/?q=refund",
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response, url)
    assert_no_inline_code(Client().get("/admin/login/"), "/admin/login/")


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("articles/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
