"""The editor admin: translations side by side, groups, preview, no CDN."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Category
from articles.publishing.edit_conflicts import edit_version
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def article_form(category: Category, **overrides) -> dict:
    data = {
        "slug": "card-declined",
        "category": category.pk,
        "position": 1,
        "status": "published",
        "title_en": "My card was declined",
        "summary_en": "Why banks decline cards.",
        "body_en": "## Why\n\nYour bank said no.",
        "keywords_en": "declined, rejected",
        "title_ru": "Карта отклонена",
        "body_ru": "## Почему\n\nБанк отказал.",
    }
    for lang in ("zh_hans", "es", "ar"):
        data.update({f"title_{lang}": "", f"body_{lang}": ""})
    data.update(overrides)
    return data


def test_editor_adds_an_article_with_translations(editor_client):
    category = CategoryFactory()
    response = editor_client.post("/admin/articles/article/add/", article_form(category))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="card-declined")
    assert article.title_ru == "Карта отклонена"
    assert '<h2 id="section-почему">' in article.body_html_ru
    assert article.is_translated("ru") and not article.is_translated("ar")


def test_change_form_has_one_tab_per_language_and_no_cdn(editor_client):
    article = ArticleFactory()
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for lang in ("en", "zh_hans", "ru", "es", "ar"):
        assert f'name="title_{lang}"' in html and f'name="body_{lang}"' in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html and "//cdn" not in html
    # "View on site" for every language.
    for lang in ("en", "zh-hans", "ru", "es", "ar"):
        assert f'href="/{lang}/articles/{article.slug}/"' in html


def test_changelist_shows_translation_status_and_filters_missing(editor_client):
    ArticleFactory(slug="full", languages=["zh-hans", "ru", "es", "ar"], title_en="Full one")
    ArticleFactory(slug="partial", title_en="Partial one")
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert "kb-tr-missing" in html and "kb-tr-current" in html
    filtered = editor_client.get("/admin/articles/article/?missing=ar").content.decode()
    assert "Partial one" in filtered and "Full one" not in filtered


def test_preview_renders_sanitized_markdown(editor_client):
    response = editor_client.post(
        "/admin/articles/article/preview/", {"markdown": "## Hi\n\n<script>x</script>**b**"}
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert (
        '<h2 id="section-hi">Hi<a class="headerlink" href="#section-hi"' in html
        and "<strong>b</strong>" in html
    )
    assert "<script>" not in html


def test_preview_needs_a_signed_in_editor(client):
    response = client.post("/admin/articles/article/preview/", {"markdown": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_groups_have_the_documented_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    translators = set(
        Group.objects.get(name="Translators").permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "delete_article", "change_article", "edit_source"} <= editors
    assert {"change_article", "view_article", "change_category"} <= translators
    assert not translators & {"add_article", "delete_article", "add_category", "edit_source"}


def test_translator_cannot_add_or_delete(translator_client):
    article = ArticleFactory()
    assert translator_client.get("/admin/articles/article/add/").status_code == 403
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert translator_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_translator_changes_a_translation_but_not_the_source(translator_client):
    article = ArticleFactory(title_en="Original", status="published")
    original_slug = article.slug  # read before the POST: the check compares with it
    url = f"/admin/articles/article/{article.pk}/change/"
    form = article_form(
        article.category,
        slug="hijacked",
        status="draft",
        title_en="Changed by translator",
        title_es="Tarjeta rechazada",
        body_es="Texto.",
        edit_version=edit_version(article),
    )
    response = translator_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title_es == "Tarjeta rechazada"
    assert (article.title_en, article.slug, article.status) == (
        "Original",
        original_slug,
        "published",
    )


def test_admin_works_without_javascript_fields_are_plain_form_inputs(editor_client):
    # Tabs are built by JavaScript from ordinary fields: with JS off, every language's
    # field is still in the form, labelled with its language.
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    assert "Title [ar]" in html or "title [ar]" in html.lower()


def test_editors_manage_synonyms_in_the_admin(editor_client, search_index):
    from articles import search
    from articles.models import SynonymGroup

    response = editor_client.post(
        "/admin/articles/synonymgroup/add/",
        {"language": "en", "terms": "dosh, refund", "is_active": "on"},
    )
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="dosh, refund").exists()
    assert search.search("dosh", "en").hits[0].slug == "request-refund"


def test_search_log_shows_what_visitors_did_not_find(editor_client, search_index):
    from articles import search

    search.search("crypto staking", "en")
    search.search("refund", "en")
    html = editor_client.get("/admin/articles/searchlog/?found=no").content.decode()
    assert "crypto staking" in html and ">refund<" not in html
    assert editor_client.get("/admin/articles/searchlog/add/").status_code == 403
