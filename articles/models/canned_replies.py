"""Canned replies: answers agents insert from the workspace's composer, one per language.

A reply is named by its `key` (ASCII, language-neutral, like an article's slug) and has one
row per language. The composer offers the customer's language; a key without a row in it
offers the English text, marked (articles/support/canned.py). Editors manage them in the
admin; Support agents use them without changing them.
"""

from django.conf import settings
from django.core.validators import validate_slug
from django.db import models
from django.utils.translation import gettext_lazy as _

CANNED_BODY_MAX_LENGTH = 5000  # characters: a chat message's limit


class CannedReply(models.Model):
    """One language's text of a canned reply `key` (unique per key and language)."""

    key = models.CharField(
        _("key"), max_length=60, validators=[validate_slug],
        help_text=_("Letters, digits and hyphens, the same in every language: refund-steps."),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=CANNED_BODY_MAX_LENGTH)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["key", "language"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="canned_reply_once_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"
