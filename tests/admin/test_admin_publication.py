"""The article admin's publication box: schedule, review date, their column and filter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def form(category, **overrides) -> dict:
    data = {
        "slug": "new-limits",
        "category": category.pk,
        "position": 1,
        "status": "published",
        "title_en": "New card limits",
        "body_en": "Limits change on 1 January.",
        "publish_at_0": "2030-01-01",
        "publish_at_1": "09:00:00",
        "review_by": "2030-06-30",
    }
    for lang in ("zh_hans", "ru", "es", "ar"):
        data.update({f"title_{lang}": "", f"body_{lang}": ""})
    data.update(overrides)
    return data


def test_an_editor_schedules_an_article_in_the_admin(editor_client, client):
    response = editor_client.post("/admin/articles/article/add/", form(CategoryFactory()))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="new-limits")
    assert article.is_published and article.is_scheduled and not article.is_live
    assert str(article.review_by) == "2030-06-30"
    assert client.get("/en/articles/new-limits/").status_code == 404
    listing = editor_client.get("/admin/articles/article/?window=scheduled").content.decode()
    assert "New card limits" in listing and "Scheduled for" in listing


def test_unpublish_before_publish_is_refused_in_the_form(editor_client):
    data = form(CategoryFactory(), unpublish_at_0="2029-12-31", unpublish_at_1="09:00:00")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "must be unpublished after it is published" in response.content.decode()
    assert not Article.objects.filter(slug="new-limits").exists()


def test_the_window_filter_separates_live_scheduled_and_expired(editor_client):
    now = timezone.now()
    ArticleFactory(published=True, title_en="Live one")
    ArticleFactory(published=True, title_en="Later one", publish_at=now + timedelta(days=1))
    ArticleFactory(published=True, title_en="Gone one", unpublish_at=now - timedelta(days=1))
    for window, shown, hidden in [
        ("live", "Live one", "Later one"),
        ("scheduled", "Later one", "Gone one"),
        ("expired", "Gone one", "Live one"),
    ]:
        html = editor_client.get(f"/admin/articles/article/?window={window}").content.decode()
        assert shown in html and hidden not in html, window


def test_translators_cannot_change_the_schedule(translator_client):
    article = ArticleFactory(published=True, title_en="Fixed schedule")
    page = translator_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="publish_at_0"' not in page and 'name="review_by"' not in page
