"""The translation workflow through the admin as people use it: states, review, outdated.

Forms are posted as a browser posts them (tests/admin/browser_form.py): textareas with
CRLF line ends, while the sample content is stored with LF.
"""

import pytest

from articles.models import Article, TranslationState
from articles.publishing import selectors
from tests.admin.browser_form import (
    browser_form,
    change_url,
    make_outdated,
    publishing_now,
    signed_in,
)

pytestmark = pytest.mark.django_db


def translation_url(article: Article, lang: str) -> str:
    return f"/admin/articles/article/{article.pk}/translation/{lang}/"


def test_a_minor_english_change_keeps_translations_up_to_date(sample_content):
    editor = signed_in("ed", "Editors")
    article = Article.objects.get(slug="reset-password")
    data = browser_form(editor, change_url(article))
    data["title_en"] = data["title_en"].replace("password", "Password", 1) + " "
    data["minor_change"] = "on"
    assert editor.post(change_url(article), publishing_now(data)).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert set(selectors.translation_status(article).values()) == {"current"}
    data = browser_form(editor, change_url(article))
    data["title_en"] += " (major)"
    assert editor.post(change_url(article), publishing_now(data)).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert selectors.translation_status(article)["ar"] == "outdated"


def test_a_russian_translator_edits_russian_only(sample_content):
    article = Article.objects.get(slug="fees")
    translator = signed_in("tr-ru", "Translators (ru)")
    html = translator.get(change_url(article)).content.decode()
    assert 'name="title_ru"' in html
    assert f"/{article.pk}/translation/ru/" in html  # the form links each translation's page
    for name in ("title_en", "title_es", "title_ar", "title_zh_hans", "slug", "status"):
        assert f'name="{name}"' not in html, name
    category = translator.get(f"/admin/articles/category/{article.category_id}/change/")
    assert 'name="name_ru"' in category.content.decode()
    assert 'name="name_en"' not in category.content.decode()
    # Approving is a permission of reviewers.
    response = translator.post(translation_url(article, "ru"), {"action": "approve"})
    assert response.status_code == 403


def test_editing_a_published_translation_waits_for_approval(sample_content, client):
    article = Article.objects.get(slug="request-refund")
    old_title = article.title_ru
    translator = signed_in("tr-ru", "Translators (ru)")
    data = browser_form(translator, change_url(article))
    data["title_ru"] = "Как вернуть деньги (новое)"
    assert translator.post(change_url(article), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.title_ru == old_title  # readers keep the approved text
    state = article.translation_state("ru")
    assert state.pending == {"title": "Как вернуть деньги (новое)"}
    assert selectors.translation_status(article)["ru"] == "review"
    assert old_title in client.get("/ru/articles/request-refund/").content.decode()

    reviewer = signed_in("rev-ru", "Reviewers (ru)")
    page = reviewer.get(translation_url(article, "ru")).content.decode()
    assert "(новое)" in page
    response = reviewer.post(translation_url(article, "ru"), {"action": "approve"})
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.title_ru == "Как вернуть деньги (новое)"
    assert article.translation_state("ru").pending == {}
    assert "(новое)" in client.get("/ru/articles/request-refund/").content.decode()


def test_a_reviewer_sends_a_translation_back_with_a_comment(sample_content):
    article = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=article, language="es").update(status="review")
    reviewer = signed_in("rev-es", "Reviewers (es)")
    url = translation_url(article, "es")
    assert reviewer.post(url, {"action": "send_back", "comment": ""}).status_code == 302
    assert article.translation_state("es").status == "review"  # a comment is required
    reviewer.post(url, {"action": "send_back", "comment": "Use «comisión» throughout."})
    state = TranslationState.objects.get(article=article, language="es")
    assert state.status == "draft" and state.review_comment == "Use «comisión» throughout."
    # Spanish reviewers cannot approve Russian.
    assert reviewer.post(translation_url(article, "ru"), {"action": "approve"}).status_code == 403


def test_a_new_translation_by_a_translator_is_a_draft_until_approved(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory(published=True)
    translator = signed_in("tr-ar", "Translators (ar)")
    data = browser_form(translator, change_url(article))
    data.update(title_ar="عنوان", summary_ar="ملخص", body_ar="نص المقال")
    assert translator.post(change_url(article), data).status_code == 302
    state = Article.objects.get(pk=article.pk).translation_state("ar")
    assert state.status == "draft"
    assert "نص المقال" not in client.get(f"/ar/articles/{article.slug}/").content.decode()
    translator.post(translation_url(article, "ar"), {"action": "submit"})
    assert TranslationState.objects.get(pk=state.pk).status == "review"
    reviewer = signed_in("rev", "Reviewers")
    reviewer.post(translation_url(article, "ar"), {"action": "approve"})
    assert "نص المقال" in client.get(f"/ar/articles/{article.slug}/").content.decode()


def test_a_translator_marks_a_checked_translation_up_to_date(sample_content):
    article = Article.objects.get(slug="top-up-failed")
    make_outdated(article)
    translator = signed_in("tr-ru", "Translators (ru)")
    assert (
        translator.post(translation_url(article, "ru"), {"action": "up_to_date"}).status_code == 302
    )
    status = selectors.translation_status(Article.objects.get(pk=article.pk))
    assert status["ru"] == "current" and status["es"] == "outdated"


def test_the_translation_page_shows_what_changed_in_english_since_the_base(sample_content):
    article = Article.objects.get(slug="top-up-failed")
    make_outdated(article)
    page = signed_in("tr-ru", "Translators (ru)").get(translation_url(article, "ru"))
    assert "Refunds now take 5 working days.</ins>" in page.content.decode()


def test_the_dashboard_lists_states_by_views_and_counts_them(sample_content, editor_client):
    busy = Article.objects.get(slug="fees")
    Article.objects.filter(pk=busy.pk).update(views=10_000)
    frozen = Article.objects.get(slug="account-frozen")
    make_outdated(frozen)
    html = editor_client.get("/admin/articles/article/localization/?lang=ru").content.decode()
    rows = html.split('id="kb-localization-ru"')[1]
    assert rows.index(f"/{busy.pk}/translation/ru/") < rows.index(f"/{frozen.pk}/translation/ru/")
    assert 'data-state="outdated"' in rows
    counts = html.split("kb-localization-counts")[1].split("</table>")[0]
    assert '<td data-state="outdated">1</td>' in counts


def test_article_list_filters_outdated_in_a_language_and_in_review(sample_content, editor_client):
    frozen = Article.objects.get(slug="account-frozen")
    make_outdated(frozen)
    fees = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=fees, language="es").update(status="review")
    outdated = editor_client.get("/admin/articles/article/?translation=outdated-ru")
    html = outdated.content.decode()
    assert f"/{frozen.pk}/change/" in html and f"/{fees.pk}/change/" not in html
    review = editor_client.get("/admin/articles/article/?translation=review").content.decode()
    assert f"/{fees.pk}/change/" in review and f"/{frozen.pk}/change/" not in review


def test_pending_edits_of_one_language_count_as_in_review(sample_content):
    from articles.translations.localization import in_review, outdated_in

    article = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=article, language="ru").update(
        pending={"title": "Новое"}
    )
    assert list(in_review(Article.objects.all())) == [article]
    assert list(in_review(Article.objects.all(), "ru")) == [article]
    assert not in_review(Article.objects.all(), "es").exists()
    assert not outdated_in(Article.objects.all(), "ru").exists()
