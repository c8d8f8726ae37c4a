"""Public pages in every language, fallback, short links and language memory."""

import pytest

from articles.models import Article
from tests.conftest import LANGUAGES
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_renders_in_every_language(client, sample_content, lang):
    pages = [f"/{lang}/", f"/{lang}/categories/account/", f"/{lang}/articles/top-up-failed/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    article = Article.objects.get(slug="top-up-failed")
    response = client.get(f"/{lang}/articles/top-up-failed/")
    assert article.text("title", lang) in response.content.decode()
    assert "not translated" not in response.content.decode()


def test_home_lists_categories_with_their_articles(client, sample_content):
    html = client.get("/es/").content.decode()
    assert "Retiros" in html or "Retiradas" in html
    assert Article.objects.get(slug="withdrawal-delayed").title_es in html


def test_untranslated_article_shows_english_with_a_notice(client):
    ArticleFactory(published=True, slug="only-english", title_en="Only in English")
    response = client.get("/ru/articles/only-english/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only in English" in html
    assert 'class="article" lang="en" dir="ltr"' in html
    assert 'role="note"' in html


def test_drafts_are_hidden_from_visitors_but_previewable_by_staff(client, admin_client):
    ArticleFactory(slug="secret-draft")
    assert client.get("/en/articles/secret-draft/").status_code == 404
    response = admin_client.get("/en/articles/secret-draft/")
    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_unknown_pages_are_404_not_500(client, sample_content):
    for url in ["/en/articles/nope/", "/en/categories/nope/", "/xx/", "/a/999999/", "/a/abc/"]:
        assert client.get(url).status_code == 404, url


def test_root_redirects_by_cookie_then_accept_language_then_english(client):
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")["Location"] == "/es/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    client.cookies["django_language"] = "ar"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es")["Location"] == "/ar/"


def test_switching_language_remembers_it(client, sample_content):
    assert "django_language" not in client.get("/ru/articles/fees/").cookies  # reading: none
    response = client.get("/language/ru/", {"next": "/ru/articles/fees/?q=1", "utm": "x"})
    assert response["Location"] == "/ru/articles/fees/?q=1&utm=x"
    assert response.cookies["django_language"].value == "ru"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert client.get("/")["Location"] == "/ru/"


@pytest.mark.parametrize(
    "next_url", ["", "https://evil.example/ru/", "//evil.example/", "/en/articles/fees/", "/ru"]
)
def test_switching_language_goes_only_to_a_page_in_that_language(client, next_url):
    assert client.get("/language/ru/", {"next": next_url})["Location"] == "/ru/"


def test_switching_to_an_unknown_language_is_404(client):
    assert client.get("/language/xx/", {"next": "/xx/"}).status_code == 404


def test_language_switcher_stays_on_the_same_page(client, sample_content):
    html = client.get("/en/articles/fees/?utm=1").content.decode()
    for lang in LANGUAGES:
        target = f"%2F{lang}%2Farticles%2Ffees%2F%3Futm%3D1"
        assert f'href="/language/{lang}/?next={target}" hreflang="{lang}"' in html


def test_language_switcher_marks_untranslated_languages(client):
    ArticleFactory(published=True, slug="partial", languages=["ru"])
    html = client.get("/en/articles/partial/").content.decode()
    assert 'hreflang="ar" lang="ar"\n                \n                class="untranslated"' in html
    assert 'hreflang="ru" lang="ru"\n                \n                class' not in html


def test_short_link_opens_the_requested_then_the_visitors_language(client, sample_content):
    article = Article.objects.get(slug="account-frozen")
    assert client.get(f"/a/{article.pk}/?lang=zh-hans")["Location"] == (
        "/zh-hans/articles/account-frozen/"
    )
    assert client.get(f"/a/{article.pk}/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == (
        "/ar/articles/account-frozen/"
    )
    assert client.get(f"/a/{article.pk}/?lang=klingon")["Location"] == (
        "/en/articles/account-frozen/"
    )


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("zh-CN", "zh-hans"), ("zh-Hans", "zh-hans"), ("zh_cn", "zh-hans"), ("ZH-HANS-CN", "zh-hans"),
     ("es-419", "es"), ("ru-RU", "ru"), ("ar-EG", "ar"), ("en-GB", "en")],
)  # fmt: skip
def test_short_link_reads_the_language_tags_help_desks_send(client, sample_content, tag, lang):
    """Help desks send BCP 47 tags in any case and with `_`: the same parser as the API."""
    article = Article.objects.get(slug="account-frozen")
    response = client.get(f"/a/{article.pk}/?lang={tag}", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == f"/{lang}/articles/account-frozen/"


def test_article_body_links_to_other_articles_resolve(client, sample_content):
    html = client.get("/es/articles/top-up-failed/").content.decode()
    assert 'href="../contact-support/"' in html or 'href="../describe-your-problem/"' in html
