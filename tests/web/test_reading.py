"""Reading pages: the remembered theme, translated error answers, plural announcements,
the language of fallback text, print-only parts and the sitemap's x-default."""

import json
import re

import pytest
from django.test import Client
from django.utils import translation

from articles.templatetags.suggestion_labels import suggestion_count_labels
from articles.web.views.theme import THEME_COOKIE
from tests.factories import ArticleFactory


def test_choosing_a_theme_sets_the_cookie_only_on_its_redirect(client, sample_content):
    page = client.get("/es/articles/fees/")
    assert not page.cookies and "data-theme" not in page.content.decode()
    assert 'href="/theme/dark/?next=%2Fes%2Farticles%2Ffees%2F"' in page.content.decode()
    response = client.get("/theme/dark/?next=/es/articles/fees/&utm_source=x")
    assert response.status_code == 302
    assert response["Location"] == "/es/articles/fees/?utm_source=x"
    assert response.cookies[THEME_COOKIE].value == "dark"
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    again = client.get("/es/articles/fees/")
    assert '<html lang="es" dir="ltr" data-theme="dark">' in again.content.decode()
    assert not again.cookies  # the page still sets none…
    assert "Cookie" in again["Vary"]  # …and a cache keeps one copy per theme


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_theme_redirect_stays_on_the_site(client, target):
    response = client.get("/theme/light/", {"next": target})
    assert response["Location"] == "/"


def test_an_unknown_theme_or_cookie_is_ignored(client, sample_content):
    assert client.get("/theme/pink/").status_code == 404
    client.cookies[THEME_COOKIE] = '"><script>'
    assert "data-theme" not in client.get("/en/").content.decode()


def test_bad_requests_and_server_errors_speak_the_visitors_language(client, settings, db):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client(HTTP_HOST="evil.example").get("/ar/")
    assert response.status_code == 400
    assert "تعذّر فهم الطلب" in response.content.decode()
    from articles.web.views import errors

    with translation.override("ru"):
        page = errors.server_error(client.get("/ru/").wsgi_request)
    assert page.status_code == 500
    assert "У нас что-то пошло не так" in page.content.decode()
    assert '<html lang="ru" dir="ltr">' in page.content.decode()


def test_a_bad_vote_is_answered_in_the_pages_language(client, sample_content):
    url = "/ar/articles/fees/feedback/"
    headers = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    page = client.post(url, {"helpful": "maybe"}, **headers)
    assert page.status_code == 400 and "نعم" in page.content.decode()
    as_json = client.post(url, {"helpful": "maybe"}, HTTP_ACCEPT="application/json", **headers)
    assert as_json.status_code == 400 and "نعم" in as_json.json()["error"]


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [("en", 1, "1 suggestion available"), ("en", 2, "2 suggestions available"),
     ("ru", 1, "1 подсказка"), ("ru", 3, "3 подсказки"), ("ru", 5, "5 подсказок"),
     ("ru", 7, "7 подсказок"), ("ar", 2, "اقتراحان")],
)  # fmt: skip
def test_suggestion_counts_are_announced_in_the_languages_plural(lang, count, expected):
    with translation.override(lang):
        sentences = json.loads(suggestion_count_labels())  # index n: n suggestions
    assert sentences[count].startswith(expected) or expected in sentences[count]


def test_english_fallback_text_is_marked_english_everywhere_on_the_page(client, db):
    ArticleFactory(
        published=True,
        slug="only-english",
        title_en="Only in English",
        body_en="## One\n\na\n\n## Two\n\nb\n\n## Three\n\nc\n",
    )
    html = client.get("/ar/articles/only-english/").content.decode()
    assert re.search(r'<a href="/ar/articles/only-english/" aria-current="page" lang="en"', html)
    assert '<ol lang="en" dir="ltr"><li class="toc-level-2">' in html
    assert re.search(r'<summary lang="ar" dir="rtl">', html)  # the interface stays Arabic
    assert re.search(r'class="print-only print-meta" lang="ar" dir="rtl">اللغة: ', html)


def test_the_print_only_parts_carry_the_short_link_and_the_language(client, sample_content):
    html = client.get("/ru/articles/fees/").content.decode()
    assert re.search(
        r'<p class="print-only print-link" dir="ltr">http://testserver/a/\d+/\?lang=ru', html
    )
    assert "Язык: Русский" in html


def test_sitemap_x_default_is_the_url_the_pages_give(client, sample_content):
    xml = client.get("/sitemap.xml").content.decode()
    defaults = re.findall(r'hreflang="x-default" href="([^"]+)"', xml)
    assert defaults and all("/en/" in url for url in defaults)
    page = client.get("/ru/articles/fees/").content.decode()
    assert 'hreflang="x-default" href="http://testserver/en/articles/fees/"' in page
    assert 'hreflang="x-default" href="http://testserver/en/articles/fees/"' in xml


def test_an_unknown_api_address_is_a_json_404_in_the_visitors_language(client, db):
    response = client.get("/api/nothing", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert response.json() == {"error": "Esta página no existe o se ha movido."}
    page = client.get("/es/nothing/")
    assert page.status_code == 404 and "Página no encontrada" in page.content.decode()
