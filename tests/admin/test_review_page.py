"""Reviewers see what they approve (issue 22, item 6): the translation itself, its diff
against the published version, and previews in the site's style beside the English."""

import re

import pytest

from articles.models import Article
from tests.admin.browser_form import browser_form, change_url, signed_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def translation_url(article: Article, lang: str) -> str:
    return f"/admin/articles/article/{article.pk}/translation/{lang}/"


def frames(html: str) -> list[str]:
    return re.findall(r'<iframe[^>]* src="([^"]+)"', html)


def test_a_new_translation_is_shown_in_full_beside_the_english():
    article = ArticleFactory(published=True, body_en="## Steps\n\nOpen **Top up** and pay.\n")
    translator = signed_in("tr-ar", "Translators (ar)")
    data = browser_form(translator, change_url(article))
    data.update(
        title_ar="كيفية الشحن", summary_ar="ملخص الشحن", body_ar="## الخطوات\n\nافتح **شحن**."
    )
    assert translator.post(change_url(article), data).status_code == 302
    translator.post(translation_url(article, "ar"), {"action": "submit"})

    html = signed_in("rev", "Reviewers").get(translation_url(article, "ar")).content.decode()
    review = html[html.index('id="kb-review-title"') :]
    # The translation itself, next to the English.
    for text in ("كيفية الشحن", "ملخص الشحن", "افتح **شحن**.", "Open **Top up** and pay."):
        assert text in review, text
    assert 'lang="ar" dir="rtl"' in review
    assert "No published version yet" in review
    # Previews in the site's style, the English and the text under review.
    sources = [src.replace("&amp;", "&") for src in frames(html)]
    assert f"preview/page/?article={article.pk}&lang=en" in " ".join(sources)
    assert f"preview/page/?article={article.pk}&lang=ar&pending=1" in " ".join(sources)


def test_a_pending_version_is_shown_with_its_diff_against_the_published_one(sample_content):
    article = Article.objects.get(slug="fees")
    translator = signed_in("translator-ru", "Translators (ru)")
    data = browser_form(translator, change_url(article))
    data["body_ru"] += " EDIT-3"
    assert translator.post(change_url(article), data).status_code == 302

    reviewer = signed_in("rev-ru", "Reviewers (ru)")
    html = reviewer.get(translation_url(article, "ru")).content.decode()
    assert re.search(r'<ins class="kb-diff-ins">\s*EDIT-3</ins>', html)
    assert "lang=ru&amp;pending=1" in html
    preview = reviewer.get(
        "/admin/articles/article/preview/page/", {"article": article.pk, "lang": "ru", "pending": 1}
    ).content.decode()
    assert "EDIT-3" in preview
    saved = reviewer.get(
        "/admin/articles/article/preview/page/", {"article": article.pk, "lang": "ru"}
    ).content.decode()
    assert "EDIT-3" not in saved  # without `pending`: the published text
