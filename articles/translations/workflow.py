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
from articles.models import Article, TranslationState, column, merge_pending, normalize_text
from articles.models.translations import PENDING_FIELDS
from articles.publishing import drafts
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


def divert_to_pending(*, article: Article, user, changed=None) -> list[str]:
    """Turn `user`'s edits of published translations they may not approve into pending
    versions (before `article` is saved; inside the save's transaction).

    `changed`: the columns the user changed (a form's `changed_data`: the form showed the
    pending version, so a column edited back to the published text leaves it); None: every
    column whose text differs from the stored one. The article's columns get their stored
    values back; the edits go to the state's `pending` (merge_pending: only fields that
    differ from the published text stay). Returns the languages whose pending version changed.
    """
    stored = Article.objects.get(pk=article.pk)
    diverted = []
    for state in TranslationState.objects.filter(article=article, status=Status.PUBLISHED):
        lang = state.language
        if roles.can_approve(user, lang):
            continue
        published = {field: stored.text(field, lang) for field in PENDING_FIELDS}
        edits = {
            field: article.text(field, lang)
            for field in PENDING_FIELDS
            if (column(field, lang) in changed if changed is not None else (
                normalize_text(article.text(field, lang)) != normalize_text(published[field])
            ))
        }  # fmt: skip
        for field in PENDING_FIELDS:
            setattr(article, column(field, lang), published[field])
        if not hold_for_review(state=state, edits=edits, user=user):
            continue
        diverted.append(lang)
    return diverted


def hold_for_review(*, state: TranslationState, edits: dict[str, str], user) -> bool:
    """Store `edits` ({field: text}) of a published translation as its pending version,
    awaiting review (merge_pending: they replace earlier pending edits of the same fields,
    and a field edited back to the published text is no longer pending). `user` (None: the
    command line) is recorded as their author; a reviewer's earlier "sent back" comment is
    cleared, as the translator answered it. Returns whether the pending version changed."""
    stored = Article.objects.get(pk=state.article_id)
    published = {field: stored.text(field, state.language) for field in PENDING_FIELDS}
    pending = merge_pending(state.pending, edits, published)
    if pending == state.pending:
        return False
    state.pending, state.pending_by, state.review_comment = pending, user, ""
    state.save()
    return True


def edited_text(*, article: Article, user) -> dict[str, str]:
    """{column: text} the change form shows `user` instead of the stored text: the pending
    versions their saves go to (articles/publishing/drafts.py for the English draft).

    A published translation's pending version, for a user who translates that language
    but may not approve it; the English draft, for a user who edits the English. Each
    keeps editing their version until it is approved, published or withdrawn.
    """
    if not article.pk:
        return {}
    shown = {}
    if roles.can_translate(user, SOURCE_LANGUAGE):
        draft = drafts.draft_of(article)
        for field, text in (draft.changes if draft else {}).items():
            shown[column(field, SOURCE_LANGUAGE)] = text
    for state in article.translation_states.all():
        lang = state.language
        if not state.is_published or not state.pending or lang not in language_codes():
            continue
        if roles.can_translate(user, lang) and not roles.can_approve(user, lang):
            shown.update({column(field, lang): text for field, text in state.pending.items()})
    return shown


def pending_text(*, article: Article, lang: str) -> dict[str, str]:
    """{field: text} of `lang` as its pending version has it (PENDING_FIELDS): the English
    draft, a translation's stored text with its pending edits, or the stored text."""
    if lang == SOURCE_LANGUAGE:
        return drafts.draft_text(article)
    state = article.translation_state(lang)
    pending = state.pending if state is not None else {}
    return {field: pending.get(field, article.text(field, lang)) for field in PENDING_FIELDS}


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
def discard_pending(*, article: Article, lang: str, user) -> TranslationState:
    """Withdraw the pending changes of a published translation: the published text stays."""
    if not roles.can_translate(user, lang):
        raise PermissionDenied
    state = _state(article, lang)
    if not state.pending:
        raise ValueError(gettext("There are no pending changes to discard."))
    state.pending, state.pending_by, state.review_comment = {}, None, ""
    state.save()
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
