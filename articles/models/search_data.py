"""What search keeps beside the index: editor synonyms, the change log, the search log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)


class SynonymGroup(models.Model):
    """Words and phrases that mean the same to a visitor, in one language.

    Applied at query time (no reindex): a query containing one of them also searches for
    the others. Editors maintain them in the admin.
    """

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    terms = models.TextField(
        _("terms"),
        help_text=_("Comma-separated words or short phrases, e.g. top-up, deposit, add funds."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["language", "terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self) -> str:
        return self.terms[:80]

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class IndexChange(models.Model):
    """One line of the search-index change log, written in the transaction of the save.

    Each search index remembers the last change it applied, so a change committed to the
    database always reaches every index: after commit, by the next sync, or by
    `sync_search_index`, even if the process that saved died in between.
    """

    article_id = models.BigIntegerField(_("article id"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("index change")
        verbose_name_plural = _("index changes")

    def __str__(self) -> str:
        return f"#{self.pk} article {self.article_id}"


class SearchLog(models.Model):
    """What visitors searched for, for the editors' "searched but not found" analytics.

    `source` tells visitors' searches (the results page) from support agents' (the desk)
    and help-desk tools' (`/api/search`): the analytics read visitors' only by default.
    """

    class Source(models.TextChoices):
        VISITOR = "visitor", _("visitor")
        DESK = "desk", _("support desk")
        API = "api", _("API")

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    results = models.PositiveIntegerField(_("results"))
    corrected_query = models.CharField(_("corrected query"), max_length=200, blank=True)
    fallback = models.BooleanField(_("English fallback"), default=False)
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.VISITOR
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search")
        verbose_name_plural = _("search log")

    def __str__(self) -> str:
        return f"{self.language}: {self.query}"
