"""A renamed article keeps its old URLs (301 in every language) and the links to it."""

import pytest

from articles.models import Article, ArticleSlug
from tests.conftest import LANGUAGES
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rename(article: Article, slug: str) -> Article:
    article.slug = slug
    article.save()
    return article


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_old_slug_answers_301_in_every_language(client, sample_content, lang):
    rename(Article.objects.get(slug="fees"), "fees-and-limits")
    response = client.get(f"/{lang}/articles/fees/?utm_source=mail&x=%C3%A9")
    assert response.status_code == 301
    assert response["Location"] == f"/{lang}/articles/fees-and-limits/?utm_source=mail&x=%C3%A9"
    assert "max-age=60" in response["Cache-Control"]  # not forever: the slug may be reused
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert Article.objects.get(slug="fees-and-limits").text("title", lang) in page.content.decode()


def test_every_earlier_slug_goes_straight_to_the_current_one(client):
    article = ArticleFactory(published=True, slug="first-name")
    rename(article, "second-name")
    rename(article, "third-name")
    for old in ("first-name", "second-name"):
        response = client.get(f"/en/articles/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/en/articles/third-name/")
    rename(article, "first-name")  # back to a slug it had: no loop
    assert client.get("/en/articles/first-name/").status_code == 200
    assert client.get("/en/articles/third-name/")["Location"] == "/en/articles/first-name/"


def test_a_freed_slug_can_be_reused_and_stops_redirecting(client):
    rename(ArticleFactory(published=True, slug="limits"), "account-limits")
    newcomer = ArticleFactory(published=True, slug="limits", title_en="Card limits")
    response = client.get("/en/articles/limits/")
    assert response.status_code == 200 and "Card limits" in response.content.decode()
    assert not ArticleSlug.objects.filter(slug="limits").exists()
    assert newcomer.slug == "limits"


def test_links_in_bodies_follow_a_rename(client, sample_content):
    # top-up-failed links to ../transaction-issues/ in its sample body
    rename(Article.objects.get(slug="transaction-issues"), "money-taken-not-credited")
    for lang in ("en", "ru"):
        html = client.get(f"/{lang}/articles/top-up-failed/").content.decode()
        assert 'href="../money-taken-not-credited/"' in html
        assert 'href="../transaction-issues/"' not in html


def test_old_slugs_of_hidden_articles_are_404_for_visitors(client, editor_client):
    rename(ArticleFactory(slug="draft-name"), "draft-renamed")
    assert client.get("/en/articles/draft-name/").status_code == 404
    assert editor_client.get("/en/articles/draft-name/").status_code == 301
    assert client.get("/en/articles/never-existed/").status_code == 404


def test_admin_shows_previous_slugs(editor_client):
    article = rename(ArticleFactory(published=True, slug="old-admin-name"), "new-admin-name")
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "old-admin-name" in page
