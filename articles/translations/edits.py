"""Changing a translation's text outside the change form: file imports and restores.

Both go through `change_translation`, which applies the change form's rules (the article
admin's `save_model` with articles/translations/workflow.py):

- only a user who may translate the language changes its text (`roles.check_translate`);
- an edit of a *published* translation becomes its pending version, awaiting review
  (`workflow.hold_for_review`): readers keep the approved text;
- a new translation starts as a draft; a draft or one in review is changed in place
  (nobody reads it);
- `publish=True` (only for a user who may approve the language) puts the text live at
  once, as an approver's save of the form does, and publishes a new or draft translation.

`user=None` is the command line (`manage.py`): its operator holds every right. The source
language is an editor's (`restore_text` restores it as a plain save). Keyword-only
functions; PermissionDenied and ValueError as each says.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from reversion.models import Version

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE, language_codes
from articles.models import Article, TranslationState, column, normalize_text
from articles.models.translations import PENDING_FIELDS
from articles.publishing import revisions
from articles.translations import workflow

Status = TranslationState.Status
# change_translation() outcomes: what readers of the language get now.
PUBLISHED, PENDING, DRAFT, UNCHANGED = "published", "pending", "draft", "unchanged"


def working_text(article: Article, lang: str) -> dict[str, str]:
    """{field: text} of the `lang` translation as its translator works on it: the pending
    version's fields where there is one, else the stored text (fields of PENDING_FIELDS,
    normalized)."""
    state = article.translation_state(lang)
    pending = state.pending if state is not None else {}
    return {
        field: normalize_text(pending.get(field, article.text(field, lang)))
        for field in PENDING_FIELDS
    }


def check_may_change(user, lang: str, *, publish: bool) -> None:
    """PermissionDenied unless `user` may change `lang`'s text (and approve it, to
    `publish`); `user=None`, the command line, may."""
    if user is None:
        return
    roles.check_translate(user, lang)
    if publish and not roles.can_approve(user, lang):
        raise PermissionDenied(f"may not publish the {lang} translation")


@transaction.atomic
def change_translation(
    *, article: Article, lang: str, texts: dict[str, str], user, publish: bool, comment: str
) -> str:
    """Apply `texts` ({field: text}, fields of PENDING_FIELDS) to `article`'s `lang`
    translation under the workflow's rules (module docstring).

    Returns PUBLISHED, PENDING, DRAFT (stored, not shown: a draft or a translation in
    review) or UNCHANGED (every text equals the working text). A saved change is one
    revision with `comment`.
    Raises PermissionDenied (check_may_change), ValueError for the source language or an
    unknown one, and for emptying a published translation without publishing.
    """
    if lang == SOURCE_LANGUAGE or lang not in language_codes():
        raise ValueError(f"{lang!r} is not a translation language")
    check_may_change(user, lang, publish=publish)
    article = Article.objects.select_for_update().get(pk=article.pk)
    current = working_text(article, lang)
    changed = {
        field: normalize_text(text)
        for field, text in texts.items()
        if field in PENDING_FIELDS and normalize_text(text) != current[field]
    }
    if not changed:
        return UNCHANGED
    state = TranslationState.objects.select_for_update().filter(article=article, language=lang)
    state = state.first()
    if state is not None and state.is_published and not publish:
        _hold(article, state, current, changed, user)
        return PENDING
    _save(article, lang, changed, new=state is None, publish=publish, user=user, comment=comment)
    return PUBLISHED if publish or (state is not None and state.is_published) else DRAFT


def _hold(article: Article, state: TranslationState, current: dict, changed: dict, user) -> None:
    """Edits of a published translation become its pending version."""
    if not any({**current, **changed}.values()):
        raise ValueError(
            gettext(
                "A published translation is not emptied by an edit awaiting review: "
                "a reviewer of %(lang)s may unpublish it instead."
            )
            % {"lang": state.language}
        )
    state.article = article
    workflow.hold_for_review(state=state, edits=changed, user=user)


def _save(article: Article, lang: str, changed: dict, *, new: bool, publish: bool, user, comment):
    """Write `changed` into the article: live when published (or `publish`), else stored."""
    for field, text in changed.items():
        setattr(article, column(field, lang), text)
    if publish or new:
        article.translation_statuses = {lang: Status.PUBLISHED if publish else Status.DRAFT}
    with revisions.recorded_as(comment, user=user):
        article.save()
    if publish:
        _drop_pending(article, lang, changed)


def _drop_pending(article: Article, lang: str, published: dict[str, str]) -> None:
    """Pending edits of the fields just published directly are superseded."""
    state = TranslationState.objects.filter(article=article, language=lang).first()
    if state is None or not state.pending:
        return
    state.pending = {f: t for f, t in state.pending.items() if f not in published}
    if not state.pending:
        state.pending_by = None
    state.save()


def restore_text(*, article: Article, version: Version, lang: str, user) -> str:
    """Restore `lang`'s title, summary, body and keywords from `version`, as `user` would
    type them: the source language needs `edit_source` and is saved at once; a
    translation goes through change_translation, published at once when `user` may
    approve it, else pending review (or a draft).

    Returns change_translation's outcome (PUBLISHED for the source). Raises
    PermissionDenied, and ValueError for a version of another article or an unknown
    language.
    """
    roles.check_translate(user, lang)
    texts = revisions.version_text(article=article, version=version, lang=lang)
    if lang == SOURCE_LANGUAGE:
        revisions.restore_revision(article=article, version=version, lang=lang, user=user)
        return PUBLISHED
    return change_translation(
        article=article,
        lang=lang,
        texts=texts,
        user=user,
        publish=roles.can_approve(user, lang),
        comment=revisions.restore_comment(version, lang),
    )
