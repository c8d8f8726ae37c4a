"""What visitors tell us: "was this helpful?" votes and comments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)
from articles.models.content import Article


class ArticleFeedback(models.Model):
    """A visitor's "Was this helpful?" answer: one per visitor and article, with language."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    visitor = models.CharField(_("visitor"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="one_vote_per_visitor")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.language} {'+' if self.helpful else '-'}"
