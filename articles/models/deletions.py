"""Which articles were deleted, and when: help desks syncing their macros must drop them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeletedArticle(models.Model):
    """An article deleted at `deleted_at` (written by a post_delete signal); its id is never
    reused, so `/api/articles?changed_since=…` can report it as deleted."""

    article_id = models.BigIntegerField(_("article id"), unique=True)
    slug = models.CharField(_("slug"), max_length=100)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["deleted_at", "article_id"]
        verbose_name = _("deleted article")
        verbose_name_plural = _("deleted articles")

    def __str__(self) -> str:
        return f"{self.article_id} {self.slug}"

    @classmethod
    def record(cls, article) -> None:
        """Remember that `article` (being deleted) is gone."""
        cls.objects.update_or_create(
            article_id=article.pk, defaults={"slug": article.slug, "deleted_at": timezone.now()}
        )
