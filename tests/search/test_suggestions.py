"""Search-as-you-type suggestions follow titles, renames and publication."""

import pytest

from articles import search
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_suggestions_match_title_prefixes_fast(search_index):
    assert search.suggest("pass", "en")[0].slug == "reset-password"
    assert "top-up-failed" in [hit.slug for hit in search.suggest("充值", "zh-hans")]
    assert search.suggest("充值失", "zh-hans")[0].slug == "top-up-failed"  # mid-word
    assert search.suggest("withdr del", "en")[0].slug == "withdrawal-delayed"
    assert search.suggest("", "en") == [] and search.suggest("*", "en") == []


def test_suggestions_follow_renames_and_unpublishing(
    search_index, django_capture_on_commit_callbacks
):
    assert "fees" in [hit.slug for hit in search.suggest("how much", "en")]  # now cached
    article = Article.objects.get(slug="fees")
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Zanzibar pricing explained"
        article.save()
    assert [hit.slug for hit in search.suggest("zanz", "en")] == ["fees"]
    # Still suggested through its keywords ("how much"), under its new title.
    renamed = [hit.title for hit in search.suggest("how much", "en") if hit.slug == "fees"]
    assert renamed == ["Zanzibar pricing explained"]
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()
    assert search.suggest("zanz", "en") == []
