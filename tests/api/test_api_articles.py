"""`/api/articles/<id>` and `/api/articles?changed_since=…`: the contract of DESIGN.md."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

KEYS = {
    "id",
    "slug",
    "lang",
    "title",
    "summary",
    "body_html",
    "url",
    "short_url",
    "category",
    "fallback",
    "outdated",
    "updated_at",
}


def test_an_article_in_a_language_has_exactly_the_documented_keys(client, sample_content):
    article = Article.objects.get(slug="fees")
    response = client.get(f"/api/articles/{article.pk}", {"lang": "ru"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == KEYS
    assert data["id"] == article.pk and data["slug"] == "fees" and data["lang"] == "ru"
    assert data["title"] == article.title_ru and data["summary"] == article.summary_ru
    assert data["body_html"].startswith("<p>") and "<script" not in data["body_html"]
    assert data["url"] == "http://testserver/ru/articles/fees/"
    assert data["short_url"] == f"http://testserver/a/{article.pk}/?lang=ru"
    assert data["category"] == {"slug": "fees-and-currencies", "name": article.category.name_ru}
    assert data["fallback"] is False and data["outdated"] is False
    # The Russian text's own last change, not the article's (an English edit is not news in ru).
    assert data["updated_at"] == article.translation_state("ru").updated_at.isoformat()


def test_without_a_translation_english_is_served_as_fallback(client, sample_content):
    article = ArticleFactory(published=True, slug="only-english", title_en="Chargeback rules")
    data = client.get(f"/api/articles/{article.pk}", {"lang": "ar"}).json()
    assert data["lang"] == "en" and data["fallback"] is True and data["outdated"] is False
    assert data["title"] == "Chargeback rules"
    assert data["short_url"].endswith(f"/a/{article.pk}/?lang=ar")


def test_a_translation_made_before_the_english_changed_is_outdated(client, sample_content):
    article = ArticleFactory(published=True, languages=["es"])
    article.refresh_from_db()
    article.body_en = "## Causes\n\nA new English paragraph.\n"
    article.save()
    es = client.get(f"/api/articles/{article.pk}", {"lang": "es"}).json()
    assert es["lang"] == "es" and es["outdated"] is True and es["fallback"] is False
    en = client.get(f"/api/articles/{article.pk}", {"lang": "en"}).json()
    assert en["outdated"] is False


def test_language_tags_match_like_the_search_api(client, sample_content):
    article = Article.objects.get(slug="fees")
    data = client.get(f"/api/articles/{article.pk}", {"lang": "zh-CN"}).json()
    assert data["lang"] == "zh-hans"
    accept = client.get(f"/api/articles/{article.pk}", HTTP_ACCEPT_LANGUAGE="es").json()
    assert accept["lang"] == "es"


def test_an_unknown_language_is_a_400_naming_lang(client, sample_content):
    article = Article.objects.get(slug="fees")
    response = client.get(f"/api/articles/{article.pk}", {"lang": "xx"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "lang" and "Unknown language" in response.json()["error"]


def test_drafts_scheduled_and_missing_articles_are_404_json(client, sample_content):
    draft = ArticleFactory()
    scheduled = ArticleFactory(published=True, publish_at=timezone.now() + timedelta(days=1))
    for article_id in (draft.pk, scheduled.pk, 999_999):
        response = client.get(f"/api/articles/{article_id}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert str(article_id) in response.json()["error"]


def changes(client, **params):
    response = client.get("/api/articles", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_changes_since_a_time_list_published_hidden_and_deleted_articles(client, sample_content):
    since = timezone.now()
    published = ArticleFactory(published=True, languages=["ru"])
    hidden = ArticleFactory()
    gone = ArticleFactory(published=True)
    gone_id = gone.pk
    gone.delete()
    data = changes(client, changed_since=since.isoformat())
    by_id = {change["id"]: change for change in data["results"]}
    assert set(by_id) == {published.pk, hidden.pk, gone_id}  # nothing older
    assert by_id[published.pk]["state"] == "published"
    assert by_id[published.pk]["languages"] == ["en", "ru"]
    assert by_id[hidden.pk]["state"] == "hidden"
    assert by_id[gone_id] == {
        "id": gone_id,
        "slug": None,
        "state": "deleted",
        "changed_at": by_id[gone_id]["changed_at"],
        "languages": [],
    }
    assert data["next"] is None


def test_an_article_that_appears_by_its_schedule_counts_as_changed(client, sample_content):
    article = ArticleFactory(published=True, publish_at=timezone.now() - timedelta(minutes=1))
    Article.objects.update(updated_at=timezone.now() - timedelta(days=3))  # every article
    data = changes(client, changed_since=(timezone.now() - timedelta(hours=1)).isoformat())
    assert [(c["id"], c["state"]) for c in data["results"]] == [(article.pk, "published")]


def test_changes_are_paged_by_following_next(client, sample_content):
    since = timezone.now()
    made = [ArticleFactory(published=True).pk for _ in range(5)]
    Article.objects.filter(pk__in=made).update(updated_at=timezone.now())  # one instant
    seen, url, pages = [], None, 0
    data = changes(client, changed_since=since.isoformat(), limit="2")
    while True:
        pages += 1
        seen += [change["id"] for change in data["results"]]
        if not data["next"]:
            break
        url = data["next"].removeprefix("http://testserver")
        data = client.get(url).json()
    assert sorted(seen) == sorted(made) and len(seen) == 5 and pages == 3


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "changed_since"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"changed_since": "2026-01-01T00:00:00"}, "changed_since"),  # no time zone
        ({"changed_since": "2026-01-01T00:00:00Z", "limit": "0"}, "limit"),
        ({"changed_since": "2026-01-01T00:00:00Z", "after_id": "x"}, "after_id"),
    ],
)
def test_bad_change_requests_are_400_naming_the_parameter(client, db, params, parameter):
    response = client.get("/api/articles", params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
