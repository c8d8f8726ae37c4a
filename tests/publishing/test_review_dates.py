"""Review-by dates: the admin list filter and the count on the admin home page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated_articles(db):
    today = timezone.localdate()
    dates = {
        "fees-2025": today - timedelta(days=1),
        "limits-today": today,
        "response-times": today + timedelta(days=30),
        "currencies-later": today + timedelta(days=31),
        "no-date": None,
    }
    return [
        ArticleFactory(slug=slug, title_en=f"Review {slug}", review_by=review_by)
        for slug, review_by in dates.items()
    ]


def listed(editor_client, query: str) -> set[str]:
    html = editor_client.get(f"/admin/articles/article/?{query}").content.decode()
    slugs = {"fees-2025", "limits-today", "response-times", "currencies-later", "no-date"}
    return {slug for slug in slugs if f"Review {slug}<" in html}


def test_the_review_filter_lists_overdue_and_due_soon(editor_client, dated_articles):
    assert listed(editor_client, "review=overdue") == {"fees-2025"}
    assert listed(editor_client, "review=soon") == {"limits-today", "response-times"}
    assert listed(editor_client, "review=none") >= {"no-date"}
    assert "currencies-later" not in listed(editor_client, "review=none")


def test_the_admin_home_counts_articles_to_review(editor_client, dated_articles):
    html = editor_client.get("/admin/").content.decode()
    assert "Articles to review" in html
    assert "1 article past its review-by date" in html
    assert "2 due within 30 days" in html
    assert "/admin/articles/article/?review=overdue" in html


def test_the_admin_home_count_is_translated(editor_client, dated_articles):
    html = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Статьи на проверку" in html
