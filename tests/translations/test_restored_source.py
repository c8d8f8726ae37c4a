"""Restoring the English a translation was made from makes it up to date again."""

import pytest

from articles.models import Article
from articles.publishing import revisions, selectors
from tests.admin.browser_form import browser_form, change_url, publishing_now, signed_in

pytestmark = pytest.mark.django_db


def test_restoring_the_original_english_brings_translations_back_up_to_date(sample_content):
    editor = signed_in("ed", "Editors")
    article = Article.objects.get(slug="reset-password")
    assert set(selectors.translation_status(article).values()) == {"current"}
    original = revisions.article_history(article)[0].version
    data = browser_form(editor, change_url(article))
    data["body_en"] += "\r\n\r\nA new paragraph."
    assert editor.post(change_url(article), publishing_now(data)).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert selectors.translation_status(article)["ru"] == "outdated"
    # The Spanish follows the new English; the others stay as they were.
    data = browser_form(editor, change_url(article))
    data["body_es"] += "\r\n\r\nUn párrafo nuevo."
    assert editor.post(change_url(article), data).status_code == 302

    url = f"/admin/articles/article/{article.pk}/restore/{original.pk}/"
    assert editor.post(url, {"lang": "en"}).status_code == 302
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert status["ru"] == status["zh-hans"] == status["ar"] == "current"
    assert status["es"] == "outdated"  # made from the English that is gone again
