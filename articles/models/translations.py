"""Per-translation states and source versions (Mozilla Kitsune's model).

The source language (English) is written by editors; its publication is the article's own
`status` with its schedule (`publish_at`, `unpublish_at`). Every other language with text
has a `TranslationState`: draft → in review → published, the source version it was made
from (`based_on_version`), its own last change, and edits awaiting review (`pending`).

`Article.source_version` counts *major* changes of the source text: a translation is
outdated when `based_on_version < article.source_version`. A minor change ("no translation
update needed") leaves the version alone. `SourceVersion` keeps the source text of each
version (the latest text saved under that number), so a translator can see what changed
since their base.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes

# The fields a published translation's pending version may hold, as in `pending`.
PENDING_FIELDS = ("title", "summary", "body", "keywords")
TEXT_FIELDS = PENDING_FIELDS  # the translated text columns, as Article names them
# The source fields whose change makes translations outdated (Article's STAMPED_FIELDS).
STAMPED_TEXT_FIELDS = ("title", "summary", "body")


def _column(field: str, lang: str) -> str:
    return f"{field}_{lang.replace('-', '_')}"


def normalize_text(value: str | None) -> str:
    """Text as stored: LF line ends, no trailing spaces on a line, no blank lines around.

    Browsers post textareas with CRLF and editors leave trailing spaces: neither is a
    change a reader can see, so neither may mark a translation as changed or outdated.
    """
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def translation_permissions() -> list[tuple[str, str]]:
    """Per-language permissions: `translate_<code>` (change that language's text) and
    `approve_<code>` (publish it, approve its pending edits), for every language but the
    source. A new language in settings needs a migration that adds its two."""
    verbs = {"translate": "edit", "approve": "approve"}
    return [
        (f"{action}_{code.replace('-', '_')}", f"Can {verbs[action]} the {code} translation")
        for code in language_codes()
        if code != SOURCE_LANGUAGE
        for action in verbs
    ]


class TranslationState(models.Model):
    """One language's translation of an article: its state and the source it was made from.

    `based_on_version` is the `Article.source_version` the translation was made from or
    last checked against; `updated_at` is when this language's text last really changed;
    `pending` holds edits of a published translation awaiting review ({field: text}, fields
    of PENDING_FIELDS): readers keep seeing the approved text until a reviewer approves.
    A non-empty `review_comment` is a reviewer's "sent back" note to the translator.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="translation_states",
        verbose_name=_("article"),
    )
    language = models.CharField(_("language"), max_length=15, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    based_on_version = models.PositiveIntegerField(
        _("based on source version"),
        default=0,
        help_text=_("The version of the English text this translation was made from."),
    )
    updated_at = models.DateTimeField(_("text last changed"), null=True, blank=True)
    pending = models.JSONField(_("pending changes"), default=dict, blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pending changes by"),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_translation_state_per_language"
            )
        ]
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")

    def __str__(self) -> str:
        return f"{self.article_id}:{self.language} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def awaits_review(self) -> bool:
        """In review, or published with pending edits a reviewer has not sent back."""
        if self.status == self.Status.REVIEW:
            return True
        return self.is_published and bool(self.pending) and not self.review_comment

    def is_outdated_for(self, article: models.Model) -> bool:
        """A major source change followed the version this translation was based on."""
        return self.based_on_version < article.source_version


class SourceVersion(models.Model):
    """The source text of an article under one `source_version` (its latest text then)."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="source_versions",
        verbose_name=_("article"),
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.TextField(_("title"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["article", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="one_source_text_per_version"
            )
        ]
        verbose_name = _("source version")
        verbose_name_plural = _("source versions")

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PENDING_FIELDS}


class ArticleTranslationsMixin:
    """Article's per-language reading: which translation readers get, and its state."""

    def is_complete_in(self, lang: str) -> bool:
        """Title and body in `lang`, and a summary when the source has one."""
        needs_summary = bool(self.text("summary", SOURCE_LANGUAGE).strip())
        return self.is_translated(lang) and (
            bool(self.text("summary", lang).strip()) or not needs_summary
        )

    def translation_state(self, lang: str) -> TranslationState | None:
        """The state of the `lang` translation (None for the source and when missing).
        Reads prefetched `translation_states` when there are."""
        if lang == SOURCE_LANGUAGE or not self.pk:
            return None
        return next((s for s in self.translation_states.all() if s.language == lang), None)

    def shows_in(self, lang: str) -> bool:
        """Readers of `lang` get it in `lang`: the source, or a published and complete
        translation. Otherwise they get the whole article in English."""
        if lang == SOURCE_LANGUAGE:
            return True
        state = self.translation_state(lang)
        return bool(state and state.is_published and self.is_complete_in(lang))

    def is_outdated_in(self, lang: str) -> bool:
        """The `lang` translation was based on an older version of the source."""
        state = self.translation_state(lang)
        return bool(state and state.is_outdated_for(self))

    def _normalize_text(self) -> None:
        """Store every text column normalized (line ends, trailing spaces): see
        `normalize_text`."""
        for lang in language_codes():
            for field in TEXT_FIELDS:
                name = _column(field, lang)
                value = getattr(self, name)
                if value is not None:
                    setattr(self, name, normalize_text(value))


def rebase_on_equal_source(article: models.Model) -> None:
    """Translations based on an older source version whose title, summary and body are
    the source's text again (an editor restored or retyped it) are based on the current
    version: up to date again, as they were made from this very text."""
    now = tuple(normalize_text(article.text(f, SOURCE_LANGUAGE)) for f in STAMPED_TEXT_FIELDS)
    kept = SourceVersion.objects.filter(article=article, version__lt=article.source_version)
    equal = [
        kept_version.version
        for kept_version in kept
        if tuple(normalize_text(getattr(kept_version, f)) for f in STAMPED_TEXT_FIELDS) == now
    ]
    if equal:
        TranslationState.objects.filter(article=article, based_on_version__in=equal).update(
            based_on_version=article.source_version
        )


def record_translation_changes(article: models.Model, changed: list[str], now) -> None:
    """Keep the states in step with a saved article (called inside its save transaction).

    `changed` lists the languages whose title, summary or body really changed. The source
    text is snapshotted under the current version. A translation's first text creates its
    state (status `article.new_translation_status`); a changed one records its date and
    is now based on the current version (Kitsune's rule: a translator edits against the
    current source); a translation emptied of text loses its state ("missing").
    `article.checked_languages` are marked up to date; `article.translation_statuses`
    ({lang: status}, from content files) set states explicitly.
    """
    if SOURCE_LANGUAGE in changed or not article.source_versions.exists():
        SourceVersion.objects.update_or_create(
            article=article,
            version=article.source_version,
            defaults={f: article.text(f, SOURCE_LANGUAGE) for f in TEXT_FIELDS},
        )
    if SOURCE_LANGUAGE in changed:
        rebase_on_equal_source(article)
    explicit = article.translation_statuses or {}
    languages = {*changed, *article.checked_languages, *explicit} - {SOURCE_LANGUAGE}
    if not languages:
        return
    states = {state.language: state for state in TranslationState.objects.filter(article=article)}
    for lang in sorted(languages):
        state = states.get(lang)
        has_text = any(article.text(f, lang).strip() for f in TEXT_FIELDS)
        if not has_text:
            if state is not None:
                state.delete()
            continue
        if state is None:
            state = TranslationState(
                article=article,
                language=lang,
                status=article.new_translation_status,
                based_on_version=article.source_version,
            )
        if lang in changed:
            state.updated_at = getattr(article, _column("content_updated_at", lang)) or now
        if lang in changed or lang in article.checked_languages:
            state.based_on_version = article.source_version
        state.status = explicit.get(lang, state.status)
        state.save()
