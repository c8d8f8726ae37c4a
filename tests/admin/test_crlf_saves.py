"""The admin textarea posts CRLF: the first save of a field must not re-stamp every
language as changed. Forms are posted as a browser posts them (CRLF textareas), while the
sample content is stored with LF; only what really changed may count.
"""

import pytest

from articles.models import Article
from articles.publishing import selectors
from tests.admin.browser_form import (
    browser_form,
    change_url,
    make_outdated,
    publishing_now,
    signed_in,
)

pytestmark = pytest.mark.django_db


def test_an_english_paragraph_added_in_the_admin_makes_translations_outdated(sample_content):
    editor = signed_in("ed", "Editors")
    article = Article.objects.get(slug="request-refund")
    data = browser_form(editor, change_url(article))
    data["body_en"] += "\r\n\r\nRefunds now take 5 working days."
    response = editor.post(change_url(article), publishing_now(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert {status[lang] for lang in ("zh-hans", "ru", "es", "ar")} == {"outdated"}


def test_saving_the_form_unchanged_changes_nothing(sample_content):
    editor = signed_in("ed", "Editors")
    article = Article.objects.get(slug="fees")
    before = Article.objects.get(pk=article.pk)
    response = editor.post(change_url(article), browser_form(editor, change_url(article)))
    assert response.status_code == 302, response.content.decode()[:3000]
    after = Article.objects.get(pk=article.pk)
    assert after.content_updated_at_ru == before.content_updated_at_ru
    assert after.content_updated_at_en == before.content_updated_at_en


def test_a_translator_saving_spanish_keywords_leaves_the_other_marks_alone(sample_content):
    article = Article.objects.get(slug="withdrawal-delayed")
    make_outdated(article)
    translator = signed_in("tr-es", "Translators", "Translators (es)")
    data = browser_form(translator, change_url(article))
    data["keywords_es"] += ", retraso"
    response = translator.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert {status[lang] for lang in ("zh-hans", "ru", "ar")} == {"outdated"}
    assert status["es"] in {"outdated", "review"}  # keywords alone do not update it


def test_the_revision_names_only_the_fields_that_changed(sample_content):
    from articles.publishing.revisions import article_versions

    editor = signed_in("ed", "Editors")
    article = Article.objects.get(slug="withdrawal-delayed")
    data = browser_form(editor, change_url(article))
    data["title_en"] = "Withdrawal delayed: what to check first"
    response = editor.post(change_url(article), publishing_now(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    comment = article_versions(Article.objects.get(pk=article.pk))[0].revision.comment
    assert "Title [en]" in comment
    assert "Body" not in comment  # the CRLF textareas posted unchanged are not "changed"
