"""Probes: each tries one way of changing text as a role, in a language, and says what
came of it (ways_in.LIVE, PENDING, DONE or REFUSED), with what ROLES expects.

A probe of a language gets an article published with every translation published (one
per probe and role: each language's text and state are the language's own), or makes
the category or article it needs, and writes a marker no other probe writes. A probe that
changed another language than the one it aimed at answers "changed another language".
"""

from collections.abc import Callable
from dataclasses import dataclass

import polib
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import RequestFactory

from articles.admin import ArticleAdmin, CategoryAdmin
from articles.models import Article, Category, TranslationState, column
from articles.publishing import revisions
from tests.accounts.ways_in import DONE, LIVE, PENDING, REFUSED, TRANSLATIONS, Role, SignedIn
from tests.admin_forms import change_form_post
from tests.factories import ArticleFactory, CategoryFactory

ADMIN = "/admin/articles"


@dataclass(frozen=True)
class Way:
    """run(signed-in role, language, marker, article) → outcome; expected(role, language)."""

    run: Callable[[SignedIn, str, str, Article], str]
    expected: Callable[[Role, str], str]
    per_language: bool = True


def text_columns(lang: str, text: str) -> dict[str, str]:
    return {column(name, lang): text for name in ("title", "name", "description")}


def request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def anonymous() -> AnonymousUser:
    return AnonymousUser()


def url_samples(article: Article) -> dict[str, str]:
    """A value for each URL parameter name of the project."""
    version = revisions.article_versions(article).first()
    return {
        "object_id": str(article.pk),
        "article_id": str(article.pk),
        "version_id": str(version.pk),
        "lang": "ru",
        "slug": article.slug,
        "token": "no-such-token",
        "reference": "no-such-reference",
        "attachment_id": "1",
        "content_type_id": str(ContentType.objects.get_for_model(Article).pk),
        "name": "no-such-file.png",
        "theme": "dark",
        "id": "1",
    }


def all_text() -> list:
    """Every article's and category's fields (but its view count and save time), and
    every translation state."""
    articles = Article.objects.order_by("pk").values_list(
        *[
            f.attname
            for f in Article._meta.concrete_fields
            if f.attname not in ("updated_at", "views")
        ]
    )
    categories = Category.objects.order_by("pk").values_list()
    states = TranslationState.objects.order_by("pk").values_list()
    return [list(articles), list(categories), list(states)]


def published_article(**fields) -> Article:
    article = ArticleFactory(published=True, languages=list(TRANSLATIONS), **fields)
    return Article.objects.get(pk=article.pk)


def _others(article: Article, lang: str) -> list:
    return [
        article.text(name, other)
        for other in ("en", *TRANSLATIONS)
        if other != lang
        for name in ("title", "summary", "body")
    ]


def _text_outcome(article: Article, lang: str, marker: str, others: list) -> str:
    article = Article.objects.filter(pk=article.pk).first()
    if article is None:
        return "article deleted"
    if _others(article, lang) != others:
        return "changed another language"
    if marker in article.text("title", lang):
        return LIVE
    state = article.translation_state(lang)
    if state is not None and marker in state.pending.get("title", ""):
        return PENDING
    return REFUSED


def _post(signed: SignedIn, url: str, data: dict, **extra):
    response = signed.client.post(url, data, **extra)
    assert response.status_code < 500, (signed.name, url, response.status_code)
    return response


# --- changing an article's text ------------------------------------------------------
def change_form(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    others = _others(article, lang)
    fields = [f for f in Article._meta.concrete_fields if f.editable and not f.auto_created]
    data = change_form_post(article, fields, {column("title", lang): marker})
    _post(signed, f"{ADMIN}/article/{article.pk}/change/", data)
    return _text_outcome(article, lang, marker, others)


def _list_columns(model, instance, name: str, marker: str, signed: SignedIn) -> None:
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(instance.pk),
        f"form-0-{name}": marker,
        "_save": "Save",
    }
    _post(signed, f"{ADMIN}/{model._meta.model_name}/?all=", data)


def list_columns(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    others = _others(article, lang)
    _list_columns(Article, article, column("title", lang), marker, signed)
    return _text_outcome(article, lang, marker, others)


def restore(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    for title in (marker, "The title now"):
        setattr(article, column("title", lang), title)
        article.save()  # each save is a revision
    versions = revisions.article_versions(article)
    old = next(v for v in versions if v.field_dict[column("title", lang)] == marker)
    others = _others(article, lang)
    _post(signed, f"{ADMIN}/article/{article.pk}/restore/{old.pk}/", {"lang": lang})
    return _text_outcome(article, lang, marker, others)


def _import(signed: SignedIn, lang: str, marker: str, article: Article, publish: bool) -> str:
    article = Article.objects.get(pk=article.pk)
    others = _others(article, lang)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "X-KB-Language": lang}
    po.append(polib.POEntry(msgctxt=f"article:{article.pk}:title", msgid=article.title_en))
    po[0].msgstr = marker
    upload = SimpleUploadedFile(f"{lang}.po", str(po).encode())
    data = {"file": upload, **({"publish": "on"} if publish else {})}
    _post(signed, f"{ADMIN}/article/translations/import/", data)
    return _text_outcome(article, lang, marker, others)


# --- the translation page's steps ----------------------------------------------------
def _state(article: Article, lang: str):
    return TranslationState.objects.filter(article=article, language=lang)


def _step(action: str, prepare: Callable, happened: Callable) -> Callable:
    def run(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
        prepare(article, lang, marker)
        data = {"action": action, "comment": marker}
        _post(signed, f"{ADMIN}/article/{article.pk}/translation/{lang}/", data)
        article = Article.objects.get(pk=article.pk)
        return DONE if happened(article, lang, marker) else REFUSED

    return run


def _pending(article, lang, marker):
    _state(article, lang).update(pending={"title": marker})


def _outdated(article, lang, marker):
    Article.objects.filter(pk=article.pk).update(source_version=F("source_version") + 1)


TRANSLATION_STEPS = {
    "approve": (
        _step("approve", _pending, lambda a, lang, m: m in a.text("title", lang)),
        "approves",
    ),
    "send back": (
        _step(
            "send_back",
            _pending,
            lambda a, lang, m: _state(a, lang).filter(review_comment=m).exists(),
        ),
        "approves",
    ),
    "withdraw": (
        _step("withdraw", lambda *_: None, lambda a, lang, m: _state(a, lang).filter(
            status="draft").exists()),
        "approves",
    ),
    "submit": (
        _step(
            "submit",
            lambda a, lang, m: _state(a, lang).update(status="draft"),
            lambda a, lang, m: _state(a, lang).filter(status="review").exists(),
        ),
        "translates",
    ),
    "mark up to date": (
        _step(
            "up_to_date",
            _outdated,
            lambda a, lang, m: _state(a, lang).filter(based_on_version=a.source_version).exists(),
        ),
        "translates",
    ),
}  # fmt: skip


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
    _post(signed, f"{ADMIN}/article/add/", data)
    return DONE if Article.objects.filter(title_en=marker).exists() else REFUSED


def delete_article(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    article = published_article()
    _post(signed, f"{ADMIN}/article/{article.pk}/delete/", {"post": "yes"})
    return REFUSED if Article.objects.filter(pk=article.pk).exists() else DONE


# --- list actions --------------------------------------------------------------------
def _action(name: str, status: str, happened: Callable) -> Callable:
    def run(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
        article = published_article(status=status)
        data = {"action": name, "_selected_action": [article.pk], "post": "yes"}
        response = _post(signed, f"{ADMIN}/article/", data)
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
    _post(signed, f"{ADMIN}/category/{category.pk}/change/", data)
    return _category_outcome(category, lang, marker)


def category_list_columns(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    _list_columns(Category, category, column("name", lang), marker, signed)
    return _category_outcome(category, lang, marker)


def add_category(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    _post(
        signed, f"{ADMIN}/category/add/", {"slug": "probe-added", "name_en": marker, "position": 1}
    )
    return DONE if Category.objects.filter(name_en=marker).exists() else REFUSED


def delete_category(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    _post(signed, f"{ADMIN}/category/{category.pk}/delete/", {"post": "yes"})
    return REFUSED if Category.objects.filter(pk=category.pk).exists() else DONE


def delete_selected_categories(signed: SignedIn, lang: str, marker: str, _article=None) -> str:
    category = CategoryFactory()
    data = {"action": "delete_selected", "_selected_action": [category.pk], "post": "yes"}
    _post(signed, f"{ADMIN}/category/", data)
    return REFUSED if Category.objects.filter(pk=category.pk).exists() else DONE


def _in_list(admin_class, lang: str, field: str) -> bool:
    return column(field, lang) in admin_class.list_editable


def _category_edit(role: Role, lang: str) -> str:
    return LIVE if role.changes_categories and lang in role.translates else REFUSED


def _managed(role: Role, lang: str) -> str:
    return DONE if role.manages else REFUSED


PROBES = {
    "change form": Way(change_form, Role.edit),
    "list columns": Way(
        list_columns, lambda r, lang: r.edit(lang) if _in_list(ArticleAdmin, lang, "title")
        else REFUSED),
    "restore": Way(restore, Role.edit),
    "import file": Way(
        lambda s, lang, m, a: _import(s, lang, m, a, publish=False),
        lambda r, lang: PENDING if lang != "en" and lang in r.translates else REFUSED),
    "import file, publish": Way(
        lambda s, lang, m, a: _import(s, lang, m, a, publish=True),
        lambda r, lang: LIVE if lang != "en" and lang in r.approves else REFUSED),
    **{
        name: Way(run, lambda r, lang, right=right: DONE
                  if lang != "en" and lang in getattr(r, right) else REFUSED)
        for name, (run, right) in TRANSLATION_STEPS.items()
    },
    "add article": Way(add_article, _managed, per_language=False),
    "delete article": Way(delete_article, _managed, per_language=False),
    **ARTICLE_ACTIONS,
    "category form": Way(category_form, _category_edit),
    "category list columns": Way(
        category_list_columns, lambda r, lang: _category_edit(r, lang)
        if _in_list(CategoryAdmin, lang, "name") else REFUSED),
    "add category": Way(add_category, _managed, per_language=False),
    "delete category": Way(delete_category, _managed, per_language=False),
    "category delete_selected": Way(delete_selected_categories, _managed, per_language=False),
}  # fmt: skip
