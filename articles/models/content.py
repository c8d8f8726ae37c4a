"""Articles: the help center's content and its translated columns (categories are in
category.py, URLs and column names in naming.py).

Translated fields (see translation.py) get one column per language: `title_en`,
`title_zh_hans`, … Code that needs one specific language reads the explicit column; the
plain attribute (`article.title`) resolves to the active language with English fallback,
which is what templates want and what indexing must never use.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)
from articles.markup.markdown import render_markdown
from articles.models.category import Category
from articles.models.naming import article_path, column, short_path  # noqa: F401  (also imported from here)
from articles.models.publication import PublicationBoundary, record_slug_change
from articles.models.querysets import ArticleQuerySet, live_condition  # noqa: F401  (also imported from here)
from articles.models.translations import (
    STAMPED_TEXT_FIELDS,
    ArticleTranslationsMixin,
    normalize_text,
    record_translation_changes,
    translation_permissions,
)

TRANSLATED_TEXT_FIELDS = ("title", "summary", "body", "keywords")
# A change to one of these makes the other languages' translations out of date.
STAMPED_FIELDS = STAMPED_TEXT_FIELDS


class Article(ArticleTranslationsMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=_("ASCII and language-neutral: it is the same in every language's URL."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in search results.")
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated extra search words: synonyms, misspellings welcome."),
    )
    content_updated_at = models.DateTimeField(
        _("text last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When this language's title, summary or body last changed."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the article was first published (set automatically)."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Leave empty to publish at once. A published article with a later date stays "
            "hidden everywhere until then, and appears by itself."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The article disappears everywhere at this time. Leave empty to keep it."),
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "For articles about fees, limits or response times: the date by which someone "
            "must check that the text is still true."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)
    source_version = models.PositiveIntegerField(
        _("source version"),
        default=1,
        editable=False,
        help_text=_(
            "Counts major changes of the English text: translations based on an "
            "older version are outdated."
        ),
    )
    source_changed_at = models.DateTimeField(
        _("English last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the English text last changed in a way translations must follow."),
    )

    # Set by whoever saves (the admin form, content files, services) for the next save:
    minor_source_change = False  # an English change that needs no translation update
    checked_languages: frozenset = frozenset()  # translations checked against the source
    translation_statuses: dict | None = None  # {lang: status} set explicitly
    new_translation_status = "published"  # the state a translation's first text gets

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "slug"]
        indexes = [
            # A topic's published articles in order (topic pages, related articles): read
            # from the index in order instead of sorting every row of the topic.
            models.Index(
                fields=["category", "status", "position", "slug"], name="article_topic_order"
            ),
            # `/api/articles?changed_since=`: the articles saved since a time, and the change
            # time of every article, read from this index alone instead of from rows that
            # hold five languages of text (publish_at and unpublish_at have their own too).
            models.Index(
                fields=["updated_at", "publish_at", "unpublish_at"], name="article_change_times"
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_source", _("Can edit the English source, slug, category and status")),
            *translation_permissions(),
            ("use_support_desk", _("Can use the support desk")),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs) -> None:
        # Invariants kept at save time: the rendered HTML of every language, the publication
        # date, per-language "text last changed" stamps (how translations go stale), the
        # slug history and the publication boundaries ahead.
        with transaction.atomic():
            self._save_with_invariants(*args, **kwargs)
            record_slug_change(self, getattr(self, "_loaded_slug", None))
            PublicationBoundary.record(self)
        self._loaded_slug = self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:article", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError(
                {"unpublish_at": _("The article must be unpublished after it is published.")}
            )

    def _save_with_invariants(self, *args, **kwargs) -> None:
        now = timezone.now()
        self._normalize_text()
        loaded = getattr(self, "_loaded_text", None)
        if loaded is None:
            loaded = self._stored_text() if self.pk else {}
        created = self.pk is None
        changed = []
        for lang, text in self._text_snapshot().items():
            before = tuple(normalize_text(value) for value in loaded.get(lang, ("", "", "")))
            if text != before:
                changed.append(lang)
                setattr(self, column("body_html", lang), render_markdown(text[2]))
                if any(text):
                    setattr(self, column("content_updated_at", lang), now)
        if SOURCE_LANGUAGE in changed and not created and not self.minor_source_change:
            self.source_version += 1
        if (SOURCE_LANGUAGE in changed and not self.minor_source_change) or created:
            self.source_changed_at = now
        if self.is_published and self.published_at is None:
            self.published_at = now
        # One transaction for the row and what its post_save handlers write (the search
        # index's change log, or the index itself): a crash cannot keep one without the other.
        with transaction.atomic():
            super().save(*args, **kwargs)
            record_translation_changes(self, changed, now)
        self._loaded_text = self._text_snapshot()
        self.minor_source_change = False
        self.checked_languages = frozenset()
        self.translation_statuses = None

    def url_in(self, lang: str) -> str:
        return article_path(self.slug, lang)

    @property
    def is_published(self) -> bool:
        """Published by an editor (it may still wait for `publish_at`: see is_live)."""
        return self.status == self.Status.PUBLISHED

    def is_live_at(self, now) -> bool:
        """Visible to visitors at `now`: published and inside its publication window."""
        return (
            self.is_published
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_live(self) -> bool:
        return self.is_live_at(timezone.now())

    @property
    def is_scheduled(self) -> bool:
        """Published, but its `publish_at` is still ahead."""
        return self.is_published and bool(self.publish_at and self.publish_at > timezone.now())

    @property
    def is_expired(self) -> bool:
        """Published, but its `unpublish_at` has passed."""
        return self.is_published and bool(self.unpublish_at and self.unpublish_at <= timezone.now())

    def text(self, field: str, lang: str) -> str:
        """The value of `field` written in `lang`, '' when not translated (no fallback)."""
        return getattr(self, column(field, lang)) or ""

    def is_translated(self, lang: str) -> bool:
        """Title and body written in `lang` (whatever the translation's state)."""
        return bool(self.text("title", lang).strip() and self.text("body", lang).strip())

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        # Remember the text as loaded, unless columns were deferred (reading them would
        # cost a query each); save() then reads the stored text once.
        if all(column(f, lang) in field_names for f in STAMPED_FIELDS for lang in language_codes()):
            instance._loaded_text = instance._text_snapshot()
        return instance

    def _text_snapshot(self) -> dict[str, tuple]:
        return {
            lang: tuple(self.text(field, lang) for field in STAMPED_FIELDS)
            for lang in language_codes()
        }

    def _stored_text(self) -> dict[str, tuple]:
        stored = Article.objects.filter(pk=self.pk).first()
        return stored._text_snapshot() if stored else {}
