"""Probes of the ways that change an article's text in a language: the change form, the
list's editable columns, restores, translation files and the translation page's steps.

Each tries one way as a role, in a language, and says what came of it
(ways_in.LIVE, PENDING, DONE or REFUSED); `PROBES` pairs it with what ROLES expects. A
probe gets an article published with every translation published (one per probe and
role: each language's text and state are the language's own) and writes a marker no other
probe writes; one that changed another language than the one it aimed at answers
"changed another language".
"""

from collections.abc import Callable

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from articles.admin import ArticleAdmin
from articles.models import Article, SourceDraft, TranslationState, column
from articles.publishing import revisions
from tests.accounts.probe_support import (
    ADMIN,
    Way,
    in_list_editable,
    post,
    post_list_columns,
    published_article,
)
from tests.accounts.ways_in import DONE, LIVE, PENDING, REFUSED, TRANSLATIONS, Role, SignedIn
from tests.admin_forms import change_form_post


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
    draft = SourceDraft.objects.filter(article=article).first() if lang == "en" else None
    if draft is not None and marker in draft.changes.get("title", ""):
        return PENDING  # a draft of the live English: readers keep the published text
    return REFUSED


# --- changing an article's text ------------------------------------------------------
def change_form(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    others = _others(article, lang)
    fields = [f for f in Article._meta.concrete_fields if f.editable and not f.auto_created]
    data = change_form_post(article, fields, {column("title", lang): marker})
    post(signed, f"{ADMIN}/article/{article.pk}/change/", data)
    return _text_outcome(article, lang, marker, others)


def list_columns(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    others = _others(article, lang)
    post_list_columns(Article, article, column("title", lang), marker, signed)
    return _text_outcome(article, lang, marker, others)


def restore(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    article = Article.objects.get(pk=article.pk)
    for title in (marker, "The title now"):
        setattr(article, column("title", lang), title)
        article.save()  # each save is a revision
    versions = revisions.article_versions(article)
    old = next(v for v in versions if v.field_dict[column("title", lang)] == marker)
    others = _others(article, lang)
    post(signed, f"{ADMIN}/article/{article.pk}/restore/{old.pk}/", {"lang": lang})
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
    post(signed, f"{ADMIN}/article/translations/import/", data)
    return _text_outcome(article, lang, marker, others)


def draft_published(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
    """Publish a draft of the English holding `marker` from the draft page."""
    article = published_article()
    others = _others(article, lang)
    SourceDraft.objects.update_or_create(article=article, defaults={"changes": {"title": marker}})
    post(signed, f"{ADMIN}/article/{article.pk}/draft/", {"action": "publish"})
    outcome = _text_outcome(article, lang, marker, others)
    return REFUSED if outcome == PENDING else outcome  # the draft was there before


def form_edit(role: Role, lang: str) -> str:
    """The change form: a change of a live article's English is a draft (PENDING) for
    those who may publish it; every other language as Role.edit says."""
    edit = role.edit(lang)
    return PENDING if lang == "en" and edit == LIVE else edit


# --- the translation page's steps ----------------------------------------------------
def _state(article: Article, lang: str):
    return TranslationState.objects.filter(article=article, language=lang)


def _step(action: str, prepare: Callable, happened: Callable) -> Callable:
    def run(signed: SignedIn, lang: str, marker: str, article: Article) -> str:
        prepare(article, lang, marker)
        data = {"action": action, "comment": marker}
        post(signed, f"{ADMIN}/article/{article.pk}/translation/{lang}/", data)
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


PROBES = {
    "change form": Way(change_form, form_edit),
    "draft page, publish": Way(
        draft_published, lambda r, lang: r.edit(lang) if lang == "en" else REFUSED,
        per_language=False),
    "list columns": Way(
        list_columns, lambda r, lang: r.edit(lang)
        if in_list_editable(ArticleAdmin, lang, "title") else REFUSED),
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
}  # fmt: skip
