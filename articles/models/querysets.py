"""Which articles visitors may see: the publication window, and the language shown.

An article is shown in a language when that language is the source, or when its
translation is published and complete (title, body, and a summary when the source has
one): otherwise readers get the whole article in English, never a mix of fields.
"""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.core.languages import SOURCE_LANGUAGE
from articles.models.translations import TranslationState


def _column(field: str, lang: str) -> str:
    return f"{field}_{lang.replace('-', '_')}"


def live_condition(now=None, *, prefix: str = "") -> models.Q:
    """The Q of articles visitors may see at `now` (default: the current time): published,
    and inside their publication window. `prefix` reaches them through a relation
    ("articles__" from Category)."""
    now = now or timezone.now()
    started = models.Q(**{f"{prefix}publish_at__isnull": True}) | models.Q(
        **{f"{prefix}publish_at__lte": now}
    )
    not_ended = models.Q(**{f"{prefix}unpublish_at__isnull": True}) | models.Q(
        **{f"{prefix}unpublish_at__gt": now}
    )
    return models.Q(**{f"{prefix}status": "published"}) & started & not_ended


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None) -> "ArticleQuerySet":
        """What visitors see at `now` (default: the current time): published articles
        whose publication window is open."""
        return self.filter(live_condition(now))

    def translated_into(self, lang: str) -> "ArticleQuerySet":
        """Articles whose title and body exist in `lang` (not through fallback)."""
        return (
            self.exclude(**{_column("title", lang): ""})
            .exclude(**{f"{_column('title', lang)}__isnull": True})
            .exclude(**{_column("body", lang): ""})
            .exclude(**{f"{_column('body', lang)}__isnull": True})
        )

    def shown_in(self, lang: str) -> "ArticleQuerySet":
        """Articles whose `lang` translation readers see (see `shown_in_condition`)."""
        return self.filter(shown_in_condition(lang))

    def annotate_shown_in(self, lang: str) -> "ArticleQuerySet":
        """Each article with `in_language`: True when it is shown in `lang`, False when
        readers of `lang` get the English (listings label those)."""
        condition = shown_in_condition(lang)
        return self.annotate(
            in_language=models.ExpressionWrapper(condition, output_field=models.BooleanField())
        )


def complete_condition(lang: str) -> models.Q:
    """The Q of articles whose `lang` text is complete: title and body, and a summary
    when the source has one."""

    def filled(field: str, code: str) -> models.Q:
        return ~models.Q(**{_column(field, code): ""}) & models.Q(
            **{f"{_column(field, code)}__isnull": False}
        )

    no_source_summary = models.Q(**{_column("summary", SOURCE_LANGUAGE): ""})
    return (
        filled("title", lang) & filled("body", lang) & (filled("summary", lang) | no_source_summary)
    )


def shown_in_condition(lang: str) -> models.Q:
    """The Q of articles readers of `lang` see in `lang` (always true for the source)."""
    if lang == SOURCE_LANGUAGE:
        return models.Q(pk__isnull=False)
    published = TranslationState.objects.filter(
        article=OuterRef("pk"), language=lang, status=TranslationState.Status.PUBLISHED
    )
    return models.Q(Exists(published)) & complete_condition(lang)
