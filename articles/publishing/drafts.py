"""Drafts of changes to a live article's English: written, previewed, reviewed, published.

While an article is live, saving its English in the change form keeps the changes in the
article's `SourceDraft` (articles/models/drafts.py): readers, search and the API keep the
published text, and translations are not outdated yet. The draft is sent for review,
sent back with a comment, discarded, or published — at once, or at a set time once
approved (a publication boundary, so the first read after that time publishes it, with
no command run: articles/publishing/schedules.py). Publishing saves the article as any
English change does: the search index follows, and translations become outdated unless
the draft is a minor change.

Who may: writing a draft and sending it for review needs `edit_source`; publishing,
scheduling and sending back need the right to approve the English, which is
`edit_source` too (articles/accounts/roles.py: Editors and Reviewers). Functions raise
PermissionDenied without it and ValueError for a step that does not apply. Keyword-only.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.accounts import roles
from articles.core.languages import SOURCE_LANGUAGE
from articles.models import (
    Article,
    PublicationBoundary,
    SourceDraft,
    column,
    merge_pending,
)
from articles.models.translations import PENDING_FIELDS
from articles.publishing import schedules
from articles.publishing.revisions import recorded_as

Status = SourceDraft.Status


def published_source(article: Article) -> dict[str, str]:
    """{field: text} of the English as stored (what readers get), for PENDING_FIELDS."""
    return {field: article.text(field, SOURCE_LANGUAGE) for field in PENDING_FIELDS}


def draft_of(article: Article) -> SourceDraft | None:
    """The article's draft when it has one with changes, else None."""
    if not article.pk:
        return None
    draft = SourceDraft.objects.filter(article=article).first()
    return draft if draft is not None and draft.exists else None


def draft_text(article: Article) -> dict[str, str]:
    """{field: text} of the English as the draft has it (the published text where the
    draft changes nothing)."""
    draft = draft_of(article)
    return {**published_source(article), **(draft.changes if draft else {})}


def _locked_draft(article: Article) -> SourceDraft:
    draft, _created = SourceDraft.objects.select_for_update().get_or_create(article=article)
    return draft


def _emptied(draft: SourceDraft) -> None:
    draft.changes, draft.status, draft.publish_at = {}, Status.DRAFT, None
    draft.review_comment, draft.minor_change = "", False


@transaction.atomic
def save_draft(*, article: Article, user, edits: dict[str, str], minor: bool) -> SourceDraft:
    """Apply `edits` ({field: text}) to the draft of `article`'s English.

    Fields edited back to the published text leave the draft. Editing a scheduled draft
    withdraws its approval (it is a draft again, unscheduled); a draft in review stays
    in review; a save that changes nothing changes neither. `minor`: publishing it will
    leave translations up to date.
    """
    if not roles.can_translate(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    stored = Article.objects.get(pk=article.pk)
    draft = _locked_draft(stored)
    changes = merge_pending(draft.changes, edits, published_source(stored))
    if changes == draft.changes and minor == draft.minor_change:
        return draft  # saved unchanged: its review and schedule stand
    draft.changes, draft.written_by, draft.minor_change = changes, user, minor
    if not draft.exists:
        _emptied(draft)
    elif draft.status == Status.SCHEDULED:
        draft.status, draft.publish_at = Status.DRAFT, None
    draft.save()
    _reschedule(stored)
    return draft


def divert_edits(*, article: Article, user, changed, minor: bool) -> bool:
    """Before `article` is saved from a change form that showed its English draft (inside
    the save's transaction): the English columns `user` changed (`changed`: the form's
    changed columns) go to the draft, and the article gets its published English back.

    Returns True when the article now has a draft that this save changed.
    """
    stored = Article.objects.get(pk=article.pk)
    edits = {
        field: article.text(field, SOURCE_LANGUAGE)
        for field in PENDING_FIELDS
        if column(field, SOURCE_LANGUAGE) in changed
    }
    for field in PENDING_FIELDS:
        setattr(article, column(field, SOURCE_LANGUAGE), stored.text(field, SOURCE_LANGUAGE))
    before = draft_of(stored)
    if not edits and before is None:
        return False
    was = (before.changes, before.minor_change) if before else ({}, False)
    after = save_draft(article=stored, user=user, edits=edits, minor=minor)
    return after.exists and (after.changes, after.minor_change) != was


@transaction.atomic
def submit_for_review(*, article: Article, user) -> SourceDraft:
    """The draft goes to review (a sent-back comment is cleared)."""
    if not roles.can_translate(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    draft = _existing(article)
    if draft.status == Status.DRAFT:
        draft.status = Status.REVIEW
    draft.review_comment = ""
    draft.save()
    return draft


@transaction.atomic
def send_back(*, article: Article, user, comment: str) -> SourceDraft:
    """Return the draft to its writer with `comment` (required); a schedule is dropped."""
    if not roles.can_approve(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValueError(gettext("Say what needs to change."))
    draft = _existing(article)
    draft.status, draft.publish_at = Status.DRAFT, None
    draft.review_comment, draft.reviewed_by = comment, user
    draft.save()
    _reschedule(article)
    return draft


@transaction.atomic
def schedule(*, article: Article, user, at: datetime) -> SourceDraft:
    """Approve the draft to go live at `at` (aware, in the future)."""
    if not roles.can_approve(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    if at <= timezone.now():
        raise ValueError(gettext("Choose a time in the future."))
    draft = _existing(article)
    draft.status, draft.publish_at = Status.SCHEDULED, at
    draft.review_comment, draft.reviewed_by = "", user
    draft.save()
    _reschedule(article)
    return draft


@transaction.atomic
def unschedule(*, article: Article, user) -> SourceDraft:
    """Cancel a scheduled publication: the draft is back in review."""
    if not roles.can_approve(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    draft = _existing(article)
    draft.status, draft.publish_at = Status.REVIEW, None
    draft.save()
    _reschedule(article)
    return draft


@transaction.atomic
def publish(*, article: Article, user) -> Article:
    """Publish the draft now: the English gets its text (a revision by `user`)."""
    if not roles.can_approve(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    draft = _existing(article)
    return _apply(draft, user=user)


@transaction.atomic
def discard(*, article: Article, user) -> None:
    """Drop the draft: the published English stays as it is."""
    if not roles.can_translate(user, SOURCE_LANGUAGE):
        raise PermissionDenied
    draft = _existing(article)
    _emptied(draft)
    draft.save()
    _reschedule(article)


def clear(*, article: Article) -> None:
    """The form's English was saved to the article directly (publish now, or an article
    that is not live): the draft it showed is applied, so there is none any more."""
    draft = SourceDraft.objects.filter(article=article).first()
    if draft is not None and draft.exists:
        _emptied(draft)
        draft.save()


def publish_due(*, article_id: int, now: datetime | None = None) -> bool:
    """Publish the article's scheduled draft if its time has come; True if it did.

    Called when a publication boundary passes (articles/signals.py), inside that
    transaction; the revision names whoever approved the schedule.
    """
    now = now or timezone.now()
    draft = (
        SourceDraft.objects.select_for_update()
        .filter(article_id=article_id, status=Status.SCHEDULED, publish_at__lte=now)
        .first()
    )
    if draft is None or not draft.exists:
        return False
    _apply(draft, user=draft.reviewed_by)
    return True


def _reschedule(article: Article) -> None:
    """The article's publication boundaries follow its draft's schedule, and every
    process forgets the next boundary it knew."""
    PublicationBoundary.record(Article.objects.get(pk=article.pk))
    schedules.forget_next_boundary()


def _existing(article: Article) -> SourceDraft:
    draft = SourceDraft.objects.select_for_update().filter(article=article).first()
    if draft is None or not draft.exists:
        raise ValueError(gettext("This article has no draft of its English."))
    return draft


def _apply(draft: SourceDraft, *, user) -> Article:
    article = Article.objects.select_for_update().get(pk=draft.article_id)
    for field, text in draft.changes.items():
        if field in PENDING_FIELDS:
            setattr(article, column(field, SOURCE_LANGUAGE), text)
    article.minor_source_change = draft.minor_change
    _emptied(draft)
    with recorded_as(gettext("Published the English draft"), user=user):
        draft.save()
        article.save()
    return article
