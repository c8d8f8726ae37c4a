"""Writes of the translation workflow: pending edits, review, approval, "up to date".

A translation moves draft → in review → published. Editing a *published* translation
without the right to approve it stores the edits as pending (readers keep the approved
text) until a reviewer approves them or sends them back with a comment. Who may do what
is per language (articles/accounts/roles.py); every function raises PermissionDenied otherwise,
and ValueError for a step that does not apply (approving nothing, an unknown language).
Keyword-only functions.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE, language_codes
from articles.models import Article, TranslationState, column, normalize_text
from articles.models.translations import PENDING_FIELDS
from articles.publishing.revisions import recorded_as

Status = TranslationState.Status


def _state(article: Article, lang: str) -> TranslationState:
    if lang == SOURCE_LANGUAGE or lang not in language_codes():
        raise ValueError(f"{lang!r} is not a translation language")
    state = TranslationState.objects.select_for_update().filter(article=article, language=lang)
    found = state.first()
    if found is None:
        raise ValueError(f"the article has no {lang} translation")
    return found


def _touch(article: Article) -> None:
    """The article's pages changed (a translation appeared or left): new Last-Modified."""
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())


def new_translation_statuses(*, article: Article, user) -> dict[str, str]:
    """{lang: status} for translations this save creates: published when `user` may
    approve that language, else a draft that waits for review."""
    statuses = {}
    existing = set(article.translation_states.values_list("language", flat=True))
    for lang in language_codes():
        if lang == SOURCE_LANGUAGE or lang in existing:
            continue
        if any(article.text(field, lang).strip() for field in PENDING_FIELDS):
            statuses[lang] = Status.PUBLISHED if roles.can_approve(user, lang) else Status.DRAFT
    return statuses


def divert_to_pending(*, article: Article, user) -> list[str]:
    """Turn `user`'s edits of published translations they may not approve into pending
    versions (before `article` is saved; inside the save's transaction).

    The article's columns get their stored values back; the edits (normalized) go to
    the state's `pending`, replacing earlier pending edits. Returns the languages diverted.
    """
    stored = Article.objects.get(pk=article.pk)
    diverted = []
    for state in TranslationState.objects.filter(article=article, status=Status.PUBLISHED):
        lang = state.language
        if roles.can_approve(user, lang):
            continue
        edits = {
            field: normalize_text(article.text(field, lang))
            for field in PENDING_FIELDS
            if normalize_text(article.text(field, lang)) != normalize_text(stored.text(field, lang))
        }
        if not edits:
            continue
        for field in PENDING_FIELDS:
            setattr(article, column(field, lang), stored.text(field, lang))
        hold_for_review(state=state, edits=edits, user=user)
        diverted.append(lang)
    return diverted


def hold_for_review(*, state: TranslationState, edits: dict[str, str], user) -> None:
    """Store `edits` ({field: normalized text}) of a published translation as its pending
    version, awaiting review: they replace earlier pending edits of the same fields, and
    a field edited back to the published text is no longer pending. `user` (None: the
    command line) is recorded as their author; a reviewer's earlier "sent back" comment
    is cleared, as the translator answered it."""
    article = state.article
    pending = {**state.pending, **edits}
    state.pending = {
        field: text
        for field, text in pending.items()
        if text != normalize_text(article.text(field, state.language))
    }
    state.pending_by, state.review_comment = user, ""
    state.save()


@transaction.atomic
def submit_for_review(*, article: Article, lang: str, user) -> TranslationState:
    """A draft (or sent back) translation goes to review."""
    if not roles.can_translate(user, lang):
        raise PermissionDenied
    state = _state(article, lang)
    if state.status == Status.DRAFT:
        state.status = Status.REVIEW
    state.review_comment = ""
    state.save()
    return state


@transaction.atomic
def approve(*, article: Article, lang: str, user) -> TranslationState:
    """Publish the translation, applying its pending edits (which makes it based on the
    current source version, as any edit of its text does)."""
    if not roles.can_approve(user, lang):
        raise PermissionDenied
    state = _state(article, lang)
    if state.pending:
        article = Article.objects.select_for_update().get(pk=article.pk)
        for field, text in state.pending.items():
            if field in PENDING_FIELDS:
                setattr(article, column(field, lang), text)
        comment = gettext("Approved the pending %(lang)s translation") % {"lang": lang}
        with recorded_as(comment, user=user):
            article.save()
        state.refresh_from_db()
    state.status, state.pending, state.pending_by = Status.PUBLISHED, {}, None
    state.review_comment, state.reviewed_by, state.reviewed_at = "", user, timezone.now()
    state.save()
    _touch(article)
    return state


@transaction.atomic
def send_back(*, article: Article, lang: str, user, comment: str) -> TranslationState:
    """Return the translation (or its pending edits) to the translator with `comment`.
    A translation in review becomes a draft; a published one stays live, unchanged."""
    if not roles.can_approve(user, lang):
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValueError("say what needs to change")
    state = _state(article, lang)
    if state.status == Status.REVIEW:
        state.status = Status.DRAFT
    state.review_comment, state.reviewed_by, state.reviewed_at = comment, user, timezone.now()
    state.save()
    return state


@transaction.atomic
def withdraw(*, article: Article, lang: str, user) -> TranslationState:
    """Unpublish a translation: readers of `lang` get the English again."""
    if not roles.can_approve(user, lang):
        raise PermissionDenied
    state = _state(article, lang)
    state.status = Status.DRAFT
    state.save()
    _touch(article)
    return state


@transaction.atomic
def mark_up_to_date(*, article: Article, lang: str, user) -> TranslationState:
    """The translator checked the translation against the current source: no longer
    outdated (based on the current `source_version`)."""
    if not roles.can_translate(user, lang):
        raise PermissionDenied
    state = _state(article, lang)
    state.based_on_version = Article.objects.get(pk=article.pk).source_version
    state.save()
    _touch(article)
    return state
