"""Articles, translations and fallback."""

import pytest
from django.utils import translation

from articles.models import Article
from articles.publishing import selectors
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_missing_translation_falls_back_to_english_for_display():
    article = ArticleFactory(title_en="Top-up failed", languages=["ru"])
    with translation.override("ar"):
        assert article.title == "Top-up failed"
    with translation.override("ru"):
        assert article.title.startswith("Как пополнить")


def test_explicit_columns_do_not_fall_back():
    article = ArticleFactory(title_en="Top-up failed")
    assert article.text("title", "ar") == ""
    assert not article.is_translated("ar")
    assert article.is_translated("en")


def test_body_is_rendered_to_html_at_save_time_per_language():
    article = ArticleFactory(body_en="## Steps\n\n<script>x</script>Go", languages=["es"])
    article.refresh_from_db()
    assert article.body_html_en.startswith('<h2 id="section-steps">Steps<a class="headerlink"')
    assert "<script>" not in article.body_html_en
    assert article.body_html_es.startswith('<h2 id="section-pasos">')


def test_publishing_sets_the_publication_date():
    article = ArticleFactory()
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None


def test_translation_goes_out_of_date_when_english_changes():
    article = ArticleFactory(languages=["ru", "es"])
    assert selectors.translation_status(article)["ru"] == "current"
    assert selectors.translation_status(article)["ar"] == "missing"

    article = Article.objects.get(pk=article.pk)
    article.body_en += "\nA new paragraph."
    article.save()
    status = selectors.translation_status(article)
    assert status["ru"] == "outdated" and status["es"] == "outdated"

    article.body_ru += "\nНовый абзац."
    article.save()
    assert selectors.translation_status(article)["ru"] == "current"


def test_saving_a_deferred_instance_does_not_mark_translations_outdated():
    article = ArticleFactory(languages=["ru"])
    partial = Article.objects.only("pk", "status", "slug").get(pk=article.pk)
    partial.status = Article.Status.PUBLISHED
    partial.save()
    assert selectors.translation_status(Article.objects.get(pk=article.pk))["ru"] == "current"


def test_published_and_translated_into_querysets():
    ArticleFactory(published=True, languages=["ru"], slug="a")
    ArticleFactory(published=True, slug="b")
    ArticleFactory(slug="c")
    mine = Article.objects.filter(slug__in=["a", "b", "c"])
    assert set(mine.published().values_list("slug", flat=True)) == {"a", "b"}
    assert list(mine.translated_into("ru").values_list("slug", flat=True)) == ["a"]
