"""Publicly cacheable pages set no cookie, and a response that sets one is never public.

A shared cache (CDN, corporate proxy) keeps `public` responses with their headers: a
`Set-Cookie: csrftoken=…` in one would give one CSRF secret to every visitor.
"""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from articles.models import Article, ArticleFeedback
from articles.web.middleware import PublicCacheMiddleware

pytestmark = pytest.mark.django_db

READING_PAGES = [
    "/en/",
    "/zh-hans/",
    "/ar/categories/account/",
    "/ru/articles/fees/",
    "/es/articles/fees/?feedback=tell-us",
    "/es/articles/fees/?feedback=thanks",
    "/en/search/?q=fee",
]
OTHER_PUBLIC_URLS = [
    "/",
    "/?utm_source=x",
    "/a/{pk}/?lang=ru",
    "/sitemap.xml",
    "/robots.txt",
    "/api/search?q=fee",
    "/api/suggest?q=fe",
    "/healthz",
    "/en/articles/no-such-article/",
    "/en/articles/fees",
]


def is_public(response) -> bool:
    return "public" in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", READING_PAGES + OTHER_PUBLIC_URLS)
def test_an_anonymous_response_never_is_public_and_sets_a_cookie(search_index, url):
    pk = Article.objects.get(slug="fees").pk
    response = Client().get(url.format(pk=pk), HTTP_ACCEPT_LANGUAGE="ru")
    assert not (response.cookies and is_public(response)), (url, list(response.cookies))


@pytest.mark.parametrize("url", READING_PAGES)
def test_pages_visitors_read_are_public_and_set_no_cookie(search_index, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert is_public(response) and "max-age=60" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_response_that_sets_a_cookie_is_made_private_whatever_its_view_said(rf: RequestFactory):
    def view(request):
        response = HttpResponse("hello")
        response["Cache-Control"] = "public, max-age=600, s-maxage=600"
        response.set_cookie("anything", "secret")
        return response

    response = PublicCacheMiddleware(view)(rf.get("/en/"))
    directives = {d.strip().split("=")[0] for d in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= directives
    assert not directives & {"public", "s-maxage", "max-age"}


def test_a_voters_page_shows_their_answer_privately(client, sample_content):
    client.post("/en/articles/fees/feedback/", {"helpful": "yes"})
    response = client.get("/en/articles/fees/")
    assert "You answered: yes." in response.content.decode()
    assert "private" in response["Cache-Control"] and not is_public(response)


# --- The vote: protected by the browser's Origin / Sec-Fetch-Site, no token in the page ---


def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_a_vote_from_the_page_itself_needs_no_token(sample_content, headers):
    response = strict_client().post("/en/articles/fees/feedback/", {"helpful": "yes"}, **headers)
    assert response.status_code == 302
    assert ArticleFeedback.objects.get().helpful is True


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
    ],
)
def test_a_vote_from_another_site_is_refused(sample_content, headers):
    response = strict_client().post("/en/articles/fees/feedback/", {"helpful": "yes"}, **headers)
    assert response.status_code == 403
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_a_vote_of_unknown_origin_is_confirmed_with_a_real_token(sample_content):
    visitor = strict_client()
    comment = "Falta la tabla\nde comisiones"
    response = visitor.post("/es/articles/fees/feedback/", {"helpful": "no", "comment": comment})
    assert response.status_code == 403 and not ArticleFeedback.objects.exists()
    html = response.content.decode()
    assert "Confirme su respuesta" in html and comment in html
    assert "private" in response["Cache-Control"] and response.cookies["csrftoken"]
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    confirmed = visitor.post(
        "/es/articles/fees/feedback/",
        {"helpful": "no", "comment": comment, "csrfmiddlewaretoken": token},
    )
    assert confirmed.status_code == 302
    assert ArticleFeedback.objects.get().comment == comment
