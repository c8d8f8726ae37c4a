"""How often support links are used: copies from the desk, opens of `/a/<id>/`.

Aggregated counters per article, language and day — never per person: no address, no
user, no visitor id is stored, only how many.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class LinkUsage(models.Model):
    """One article's link counts in one language on one day (the site's TIME_ZONE)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="link_usage", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    day = models.DateField(_("day"), db_index=True)
    copies = models.PositiveIntegerField(
        _("copies"), default=0, help_text=_("Links copied from the support desk.")
    )
    opens = models.PositiveIntegerField(
        _("opens"), default=0, help_text=_("Short links /a/<id>/ followed.")
    )

    class Meta:
        ordering = ["-day", "article_id", "language"]
        verbose_name = _("link usage")
        verbose_name_plural = _("link usage")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "day"], name="one_link_count_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.language} {self.day}"
