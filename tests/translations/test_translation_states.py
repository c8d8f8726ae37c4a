"""Translations at the model: based on a source version, outdated when the source changes."""

import importlib

import pytest
from django.apps import apps

from articles.models import Article, SourceVersion, TranslationState, normalize_text
from articles.publishing import selectors
from articles.translations.localization import based_on_source_text, language_status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_text_is_normalized_line_ends_and_trailing_spaces():
    assert normalize_text("a  \r\nb\t\r\n\r\n") == "a\nb"
    assert normalize_text("## T\r\n\r\n- x \r- y") == "## T\n\n- x\n- y"
    assert normalize_text(None) == ""


def test_saving_crlf_text_that_did_not_change_changes_nothing(sample_content):
    article = Article.objects.get(slug="fees")
    stamps = {lang: article.text("title", lang) for lang in ("en", "ru")}
    before = (article.content_updated_at_en, article.content_updated_at_ru, article.source_version)
    for lang in ("en", "zh_hans", "ru", "es", "ar"):
        body = getattr(article, f"body_{lang}")
        setattr(article, f"body_{lang}", body.replace("\n", "\r\n") + "  \r\n")
    article.save()
    article = Article.objects.get(pk=article.pk)
    after = (article.content_updated_at_en, article.content_updated_at_ru, article.source_version)
    assert after == before
    assert "\r" not in article.body_en and stamps["en"] == article.title_en


def test_a_major_source_change_outdates_every_translation_a_minor_one_none(sample_content):
    article = Article.objects.get(slug="fees")
    version = article.source_version
    article.title_en += "!"
    article.minor_source_change = True
    article.save()
    assert article.source_version == version
    assert set(selectors.translation_status(article).values()) == {"current"}
    article.body_en += "\n\nA new fee for international transfers."
    article.save()
    assert article.source_version == version + 1
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert status["en"] == "current"
    assert {status[lang] for lang in ("zh-hans", "ru", "es", "ar")} == {"outdated"}


def test_an_edited_translation_is_based_on_the_current_source():
    article = ArticleFactory(published=True, languages=["ru", "es"])
    article.body_en += "\n\nMore."
    article.save()
    article.body_ru += "\n\nЕщё."
    article.save()
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert status["ru"] == "current" and status["es"] == "outdated"


def test_the_source_text_at_a_translations_base_is_kept():
    article = ArticleFactory(published=True, languages=["ru"], body_en="Two days.")
    article.body_en = "Five days."
    article.save()
    article = Article.objects.prefetch_related("translation_states").get(pk=article.pk)
    assert based_on_source_text(article, "ru")["body"] == "Two days."
    assert based_on_source_text(article, "es")["body"] == "Five days."  # no translation yet
    assert SourceVersion.objects.filter(article=article).count() == 2


def test_states_of_a_translation():
    article = ArticleFactory(published=True, languages=["ru"])
    assert language_status(article, "ar") == "missing"
    state = TranslationState.objects.get(article=article, language="ru")
    for status, expected in (("draft", "draft"), ("review", "review"), ("published", "current")):
        TranslationState.objects.filter(pk=state.pk).update(status=status)
        assert language_status(Article.objects.get(pk=article.pk), "ru") == expected
    TranslationState.objects.filter(pk=state.pk).update(pending={"title": "Новое"})
    assert language_status(Article.objects.get(pk=article.pk), "ru") == "review"
    Article.objects.filter(pk=article.pk).update(summary_ru="")
    TranslationState.objects.filter(pk=state.pk).update(pending={})
    assert language_status(Article.objects.get(pk=article.pk), "ru") == "incomplete"


def test_emptying_a_translation_makes_it_missing():
    article = ArticleFactory(published=True, languages=["ru"])
    for field in ("title", "summary", "body"):
        setattr(article, f"{field}_ru", "")
    article.save()
    assert not TranslationState.objects.filter(article=article).exists()
    assert selectors.translation_status(article)["ru"] == "missing"


def test_the_data_migration_gives_existing_translations_states(sample_content):
    migration = importlib.import_module("articles.migrations.0017_fill_translation_states")
    article = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=article).delete()
    newer = article.content_updated_at_en.replace(year=article.content_updated_at_en.year + 1)
    Article.objects.filter(pk=article.pk).update(
        content_updated_at_es=article.content_updated_at_en.replace(year=2000),
        content_updated_at_ru=newer,
        title_ar="",
    )
    migration.fill(apps, None)
    states = {s.language: s for s in TranslationState.objects.filter(article=article)}
    assert states["ru"].status == "published" and states["ru"].based_on_version == 1
    assert states["es"].based_on_version == 0  # older than the English: outdated
    assert states["ar"].status == "draft"  # no title: not complete


def test_content_files_carry_each_translations_state(sample_content, tmp_path):
    from articles.publishing.content_files import export_content
    from articles.publishing.content_import import import_content

    article = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=article, language="es").update(status="review")
    export_content(directory=tmp_path)
    assert "\nstatus: review\n" in (tmp_path / "es" / "fees.md").read_text()
    assert "\nstatus: published\n" in (tmp_path / "ru" / "fees.md").read_text()
    path = tmp_path / "ar" / "fees.md"
    path.write_text(path.read_text().replace("status: published", "status: draft"))
    report = import_content(directory=tmp_path)
    assert sorted(report.unpublished_translations) == ["ar/fees.md (draft)", "es/fees.md (review)"]
    assert article.translation_state("ar").status == "draft"
    assert report.changed == 1  # only the article whose state changed is saved
