"""The reported ways around the per-language permission, each tried as reported."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from articles.publishing import revisions
from tests.admin.browser_form import signed_in

pytestmark = pytest.mark.django_db


def po_for(article: Article, lang: str, title: str) -> SimpleUploadedFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "X-KB-Language": lang}
    po.append(
        polib.POEntry(msgctxt=f"article:{article.pk}:title", msgid=article.title_en, msgstr=title)
    )
    return SimpleUploadedFile(f"{lang}.po", str(po).encode())


@pytest.mark.parametrize(
    ("groups", "lang", "language"),
    [
        (["Translators (ru)"], "es", "Spanish"),
        (["Translators (es)"], "zh-hans", "Simplified Chinese"),
        (["Translators"], "ru", "Russian"),  # the old all-languages group
    ],
)
def test_a_translation_file_of_another_language_is_refused(sample_content, groups, lang, language):
    article = Article.objects.get(slug="fees")
    before = article.text("title", lang)
    client = signed_in("someone", *groups)
    response = client.post(
        "/admin/articles/article/translations/import/",
        {"file": po_for(article, lang, "Hijacked")},
    )
    html = response.content.decode()
    assert response.status_code == 200 and f"This file is for {language} ({lang})" in html
    article = Article.objects.get(pk=article.pk)
    assert article.text("title", lang) == before
    assert article.translation_state(lang).pending == {}


@pytest.mark.parametrize(("group", "lang"), [("Translators (ru)", "es"), ("Reviewers (ru)", "ar")])
def test_restoring_another_language_is_refused(sample_content, group, lang):
    article = Article.objects.get(slug="reset-password")
    oldest = revisions.article_history(article)[-1].version
    article.title_es = article.title_ar = "Current title"
    article.save()
    response = signed_in("someone", group).post(
        f"/admin/articles/article/{article.pk}/restore/{oldest.pk}/", {"lang": lang}
    )
    assert response.status_code == 403
    article = Article.objects.get(pk=article.pk)
    assert article.text("title", lang) == "Current title"
    assert article.translation_state(lang).pending == {}
