"""Pending versions of live text, and who has an article's form open.

A live article's English is changed through a **draft** (`SourceDraft`, one per article):
readers, search and the API keep the published text until the draft is published — at
once, or at its `publish_at` once approved. A published translation's pending version is
`TranslationState.pending` (translations.py). Both hold only the fields that differ from
the published text ({field: text}, fields of PENDING_FIELDS); `merge_pending` keeps them so.

`EditorPresence` records who opened an article's change form, and when: the form warns
whoever opens it next (articles/publishing/presence.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.translations import PENDING_FIELDS, normalize_text


def merge_pending(
    pending: dict[str, str], edits: dict[str, str], published: dict[str, str]
) -> dict[str, str]:
    """`pending` with `edits` applied, keeping only fields that differ from `published`.

    All three map field names (PENDING_FIELDS) to text; edits are normalized
    (normalize_text). A field edited back to its published text leaves the pending version,
    so an empty result means "nothing pending".
    """
    merged = dict(pending)
    for field, text in edits.items():
        if field not in PENDING_FIELDS:
            continue
        text = normalize_text(text)
        if text == normalize_text(published.get(field, "")):
            merged.pop(field, None)
        else:
            merged[field] = text
    return merged


class SourceDraft(models.Model):
    """The draft of changes to a live article's English (title, summary, body, keywords).

    `changes` is {field: text} of the fields that differ from the published English; empty
    when there is no draft (the row is kept, so its revisions read as a history: a draft
    published or discarded is saved empty). `status`: being written (`draft`, also after
    a reviewer sent it back with `review_comment`), sent for review (`review`), or approved
    to go live at `publish_at` (`scheduled`). `minor_change`: publishing it leaves the
    translations up to date (the author's "minor change" box).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="source_draft",
        verbose_name=_("article"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    minor_change = models.BooleanField(_("minor change"), default=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last written by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("English draft")
        verbose_name_plural = _("English drafts")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.status}, {len(self.changes)} fields)"

    @property
    def exists(self) -> bool:
        """There is a draft: some field differs from the published English."""
        return bool(self.changes)

    @property
    def awaits_review(self) -> bool:
        return self.exists and self.status == self.Status.REVIEW


class EditorPresence(models.Model):
    """`user` opened the change form of `article` at `opened_at` (one row per pair)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    opened_at = models.DateTimeField(_("opened at"), db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_editor")
        ]
        verbose_name = _("open change form")
        verbose_name_plural = _("open change forms")

    def __str__(self) -> str:
        return f"{self.user_id} on {self.article_id} since {self.opened_at.isoformat()}"
