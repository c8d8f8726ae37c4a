"""Probes of the ways that add, delete or act on articles and categories: the add and
delete pages, the list actions (publish, unpublish, delete, translation files) and the
category form and list. Same shape as tests/accounts/text_probes.py."""

from collections.abc import Callable

from articles.admin import CategoryAdmin
from articles.models import Article, Category, column
from tests.accounts.probe_support import (
    ADMIN,
    Way,
    in_list_editable,
    post,
    post_list_columns,
    published_article,
)
from tests.accounts.ways_in import DONE, LIVE, REFUSED, TRANSLATIONS, Role, SignedIn
from tests.admin_forms import change_form_post
from tests.factories import CategoryFactory


# --- adding and deleting -------------------------------------------------------------
def add_article(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    data = {
        "slug": "added-by-probe",
        "category": category.pk,
        "position": 1,
        "status": "draft",
        "title_en": marker,
        "body_en": "Text.",
    }
    post(signed, f"{ADMIN}/article/add/", data)
    return DONE if Article.objects.filter(title_en=marker).exists() else REFUSED


def delete_article(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    article = published_article()
    post(signed, f"{ADMIN}/article/{article.pk}/delete/", {"post": "yes"})
    return REFUSED if Article.objects.filter(pk=article.pk).exists() else DONE


# --- list actions --------------------------------------------------------------------
def _action(name: str, status: str, happened: Callable) -> Callable:
    def run(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
        article = published_article(status=status)
        data = {"action": name, "_selected_action": [article.pk], "post": "yes"}
        response = post(signed, f"{ADMIN}/article/", data)
        return DONE if happened(article, response) else REFUSED

    return run


def _export(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    name = f"export_translation_{lang.replace('-', '_')}"
    run = _action(
        name,
        "published",
        lambda a, r: r.get("Content-Disposition", "").startswith("attachment"),
    )
    return run(signed, lang, marker)


def _status(value: str) -> Callable:
    return lambda article, response: Article.objects.filter(pk=article.pk, status=value).exists()


ARTICLE_ACTIONS = {
    "publish": Way(_action("publish", "draft", _status("published")), lambda r, lang: DONE
                   if "en" in r.approves else REFUSED, per_language=False),
    "unpublish": Way(_action("unpublish", "published", _status("draft")), lambda r, lang: DONE
                     if "en" in r.approves else REFUSED, per_language=False),
    "delete_selected": Way(
        _action("delete_selected", "published",
                lambda a, r: not Article.objects.filter(pk=a.pk).exists()),
        lambda r, lang: DONE if r.manages else REFUSED, per_language=False),
    **{
        f"export_translation_{lang.replace('-', '_')}": Way(
            lambda s, _lang, m, a, lang=lang: _export(s, lang, m),
            lambda r, _lang, lang=lang: DONE if lang in r.translates else REFUSED,
            per_language=False,
        )
        for lang in TRANSLATIONS
    },
}  # fmt: skip


# --- categories ----------------------------------------------------------------------
def _category_outcome(category: Category, lang: str, marker: str) -> str:
    stored = Category.objects.filter(pk=category.pk).first()
    return LIVE if stored and getattr(stored, column("name", lang)) == marker else REFUSED


def category_form(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    fields = [f for f in Category._meta.concrete_fields if f.editable and not f.auto_created]
    data = change_form_post(category, fields, {column("name", lang): marker})
    post(signed, f"{ADMIN}/category/{category.pk}/change/", data)
    return _category_outcome(category, lang, marker)


def category_list_columns(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    post_list_columns(Category, category, column("name", lang), marker, signed)
    return _category_outcome(category, lang, marker)


def add_category(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    post(
        signed, f"{ADMIN}/category/add/", {"slug": "probe-added", "name_en": marker, "position": 1}
    )
    return DONE if Category.objects.filter(name_en=marker).exists() else REFUSED


def delete_category(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    post(signed, f"{ADMIN}/category/{category.pk}/delete/", {"post": "yes"})
    return REFUSED if Category.objects.filter(pk=category.pk).exists() else DONE


def delete_selected_categories(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    data = {"action": "delete_selected", "_selected_action": [category.pk], "post": "yes"}
    post(signed, f"{ADMIN}/category/", data)
    return REFUSED if Category.objects.filter(pk=category.pk).exists() else DONE


def _category_edit(role: Role, lang: str) -> str:
    return LIVE if role.changes_categories and lang in role.translates else REFUSED


def _managed(role: Role, lang: str) -> str:
    return DONE if role.manages else REFUSED


PROBES = {
    "add article": Way(add_article, _managed, per_language=False),
    "delete article": Way(delete_article, _managed, per_language=False),
    **ARTICLE_ACTIONS,
    "category form": Way(category_form, _category_edit),
    "category list columns": Way(
        category_list_columns, lambda r, lang: _category_edit(r, lang)
        if in_list_editable(CategoryAdmin, lang, "name") else REFUSED),
    "add category": Way(add_category, _managed, per_language=False),
    "delete category": Way(delete_category, _managed, per_language=False),
    "category delete_selected": Way(delete_selected_categories, _managed, per_language=False),
}  # fmt: skip
