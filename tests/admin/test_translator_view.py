"""The translator's view of the article change form: source beside, diff, RTL, preview."""

import re

import pytest

from articles.models import Article
from articles.publishing.edit_conflicts import edit_version
from articles.translations.base import source_text_at_base
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def outdated_article() -> Article:
    """Russian and Arabic made from "Something went wrong."; the English changed since."""
    article = ArticleFactory(languages=["ru", "ar"])
    article = Article.objects.get(pk=article.pk)
    article.body_en = "## Causes\n\nYour bank declined the payment.\n"
    article.save()
    return Article.objects.get(pk=article.pk)


def change_form(client, article, query="") -> str:
    response = client.get(f"/admin/articles/article/{article.pk}/change/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_base_is_the_english_the_translation_was_made_from():
    article = outdated_article()
    assert source_text_at_base(article, "ru")["body"] == "## Causes\n\nSomething went wrong."
    # A translation edited after the English change is based on the new English.
    article.body_ru = "## Причины\n\nБанк отклонил платёж."
    article.save()
    article = Article.objects.get(pk=article.pk)
    assert source_text_at_base(article, "ru")["body"] == article.body_en.strip()
    # Arabic still dates from before.
    assert "Something went wrong." in source_text_at_base(article, "ar")["body"]


def test_base_without_history_is_the_current_english():
    article = ArticleFactory(languages=["ru"])
    Article.objects.filter(pk=article.pk).update(body_ru="written around the save path")
    article = Article.objects.get(pk=article.pk)
    assert source_text_at_base(article, "ru")["body"] == article.body_en.strip()


def test_english_source_and_its_diff_are_beside_each_translated_field(editor_client):
    article = outdated_article()
    html = change_form(editor_client, article)
    body_ru = html[html.index('name="body_ru"') :]
    aside = body_ru[: body_ru.index("</aside>")]
    assert 'class="kb-source" lang="en" dir="ltr"' in aside
    # The diff reads as today's English once the removed words are left out.
    today = re.sub(r"<[^>]+>", "", re.sub(r"<del [^>]*>.*?</del>", "", aside))
    assert "Your bank declined the payment." in today
    assert '<del class="kb-diff-del">wrong.</del>' in aside
    assert '<ins class="kb-diff-ins">declined the payment.</ins>' in aside
    # The title did not change in English: no diff, a plain statement.
    title_ru = html[html.index('name="title_ru"') :]
    title_aside = title_ru[: title_ru.index("</aside>")]
    assert "kb-diff-del" not in title_aside and "kb-source-unchanged" in title_aside
    # The English fields themselves have no source beside them.
    body_en = html[html.index('name="body_en"') :]
    assert body_en.index("</textarea>") < body_en.index("kb-preview-links")
    assert "kb-source" not in body_en[: body_en.index("kb-preview-links")]


def test_source_and_diff_are_escaped(editor_client):
    article = ArticleFactory(languages=["ru"])
    article = Article.objects.get(pk=article.pk)
    article.body_en = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    article.save()
    html = change_form(editor_client, article)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_arabic_fields_are_right_to_left_and_every_field_names_its_language(editor_client):
    article = ArticleFactory(languages=["ar"])
    html = change_form(editor_client, article)
    for name in ("title_ar", "summary_ar", "body_ar", "keywords_ar"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'dir="rtl"' in tag and 'lang="ar"' in tag, tag
    for name in ("title_ru", "body_en", "body_zh_hans"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'dir="ltr"' in tag, tag


def test_language_switch_narrows_the_form_to_one_language(editor_client):
    article = outdated_article()
    html = change_form(editor_client, article)
    assert 'href="?language=ru"' in html and 'data-language="ar"' in html
    assert "kb-tr-outdated" in html[html.index("kb-language-switch") :]
    narrowed = change_form(editor_client, article, "?language=ar")
    assert 'name="body_ar"' in narrowed and 'name="title_ar"' in narrowed
    for other in ("body_en", "title_ru", "body_zh_hans", "keywords_es"):
        assert f'name="{other}"' not in narrowed
    assert 'name="slug"' in narrowed  # language-neutral fields stay
    assert 'href="?language=ar" lang="ar" hreflang="ar" data-language="ar" aria-current="page"' in (
        narrowed
    )
    # An unknown language shows every field.
    assert 'name="body_ru"' in change_form(editor_client, article, "?language=xx")


def test_saving_the_narrowed_form_changes_only_that_language(editor_client):
    article = ArticleFactory(languages=["ru", "ar"])
    article = Article.objects.get(pk=article.pk)
    data = {
        "slug": article.slug,
        "category": article.category_id,
        "position": article.position,
        "status": article.status,
        "edit_version": edit_version(article),
        "title_ar": "عنوان جديد",
        "summary_ar": article.summary_ar,
        "body_ar": article.body_ar,
        "keywords_ar": "",
        **{f"images-{key}": value for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()},
    }
    url = f"/admin/articles/article/{article.pk}/change/"
    response = editor_client.post(f"{url}?language=ar", {**data, "_continue": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{url}?language=ar"  # still in Arabic
    saved = Article.objects.get(pk=article.pk)
    assert saved.title_ar == "عنوان جديد"
    assert saved.title_en == article.title_en and saved.body_ru == article.body_ru


def test_preview_page_uses_the_site_stylesheet_and_the_language_direction(editor_client):
    article = ArticleFactory(languages=["ar"])
    response = editor_client.post(
        "/admin/articles/article/preview/page/",
        {
            "lang": "ar",
            "article": article.pk,
            "body_ar": "## عنوان\n\n- أولا\n\n<script>x()</script>",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "/static/articles/site.css" in html and "admin/css" not in html
    assert "<ul>" in html and "<script>x()" not in html
    assert article.title_ar in html  # not posted: the saved title
    # It may be framed by the change form (same origin) and nowhere else.
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    saved = editor_client.get(f"/admin/articles/article/preview/page/?article={article.pk}&lang=ar")
    assert "افتح" in saved.content.decode()


def test_preview_page_refuses_bad_input_and_strangers(editor_client, client):
    assert editor_client.get("/admin/articles/article/preview/page/?lang=xx").status_code == 400
    response = client.get("/admin/articles/article/preview/page/?lang=ar")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    UserFactory(username="nobody")
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/admin/articles/article/preview/page/?lang=ar").status_code == 403


def test_change_form_links_the_preview_of_each_body(editor_client):
    article = ArticleFactory(languages=["ar"])
    html = change_form(editor_client, article)
    assert f"/admin/articles/article/preview/page/?article={article.pk}&amp;lang=ar" in html
    assert 'data-lang="ar"' in html


def test_category_fields_name_their_language_too(editor_client):
    category = CategoryFactory()
    html = editor_client.get(f"/admin/articles/category/{category.pk}/change/").content.decode()
    tag = re.search(r'<input[^>]*name="name_ar"[^>]*>', html).group(0)
    assert 'dir="rtl"' in tag and 'lang="ar"' in tag


def test_a_translator_sees_one_language_with_the_english_beside_it(translator_client):
    article = ArticleFactory(languages=["es"])  # the fixture's translator translates Spanish
    article = Article.objects.get(pk=article.pk)
    article.body_en = "## Causes\n\nYour bank declined the payment.\n"
    article.save()
    html = change_form(translator_client, Article.objects.get(pk=article.pk), "?language=es")
    assert 'name="body_es"' in html and "kb-diff-ins" in html
    # The English is read-only for translators, and in this view it is only beside.
    assert 'name="title_en"' not in html and "field-title_en" not in html
