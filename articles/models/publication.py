"""Publication history and schedule of an article: its old slugs, its coming boundaries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)
from articles.models.drafts import SourceDraft


def record_slug_change(article: models.Model, old_slug: str | None) -> None:
    """Keep the slug history of a saved article (inside its saving transaction).

    The slug it now has is nobody's old slug any more (a freed slug may be reused by
    another article, which then stops the redirect); a slug it left redirects to it.
    """
    ArticleSlug.objects.filter(slug=article.slug).delete()
    if old_slug and old_slug != article.slug:
        ArticleSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})


class ArticleSlug(models.Model):
    """A slug an article had before it was renamed: its old URLs answer 301 to the new one."""

    slug = models.SlugField(_("old slug"), max_length=100, unique=True, allow_unicode=False)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="old_slugs",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("renamed at"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")

    def __str__(self) -> str:
        return self.slug


class PublicationBoundary(models.Model):
    """A moment ahead at which a published article appears or disappears (its `publish_at`
    or `unpublish_at`), or its approved English draft goes live (the draft's `publish_at`).
    Caches expire at the next one; when one passes, the article's index change is logged
    and a due draft published (articles/publishing/schedules.py, articles/signals.py), so
    nobody has to run a command on time."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("publication boundary")
        verbose_name_plural = _("publication boundaries")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.at.isoformat()}"

    @classmethod
    def record(cls, article: models.Model) -> None:
        """Replace the article's boundaries by those still ahead of it (none for a draft)."""
        cls.objects.filter(article=article).delete()
        if not article.is_published:
            return
        now = timezone.now()
        drafted = SourceDraft.objects.filter(article=article, status="scheduled")
        moments = (
            article.publish_at,
            article.unpublish_at,
            *drafted.values_list("publish_at", flat=True),
        )
        ahead = {at for at in moments if at and at > now}
        cls.objects.bulk_create(cls(article=article, at=at) for at in sorted(ahead))
