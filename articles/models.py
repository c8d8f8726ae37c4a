"""The help center's data: categories, articles and what visitors do with them.

Translated fields (see translation.py) get one column per language: `title_en`,
`title_zh_hans`, … Code that needs one specific language reads the explicit column; the
plain attribute (`article.title`) resolves to the active language with English fallback,
which is what templates want and what indexing must never use.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)
from .markdown import render_markdown

TRANSLATED_TEXT_FIELDS = ("title", "summary", "body", "keywords")
# A change to one of these makes the other languages' translations out of date.
STAMPED_FIELDS = ("title", "summary", "body")


def article_path(slug: str, lang: str) -> str:
    """`/<lang>/articles/<slug>/`: an article's page in a language."""
    with override(lang):
        return reverse("articles:article", kwargs={"slug": slug})


def short_path(article_id: int, lang: str) -> str:
    """`/a/<id>/?lang=<lang>`: the link support staff paste (it survives slug edits)."""
    return f"{reverse('short_link', kwargs={'article_id': article_id})}?lang={lang}"


def column(field: str, lang: str) -> str:
    """The column that holds `field` in `lang`: column("title", "zh-hans") → "title_zh_hans"."""
    return f"{field}_{lang.replace('-', '_')}"


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs) -> None:
        # One transaction for the row and what its post_save handlers write (the search
        # index's change log, or the index itself): a crash cannot keep one without the other.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:category", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    @property
    def slug_changed(self) -> bool:
        """True when the slug (part of every article's search document) was edited."""
        return getattr(self, "_loaded_slug", self.slug) != self.slug


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
    return models.Q(**{f"{prefix}status": Article.Status.PUBLISHED}) & started & not_ended


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None) -> "ArticleQuerySet":
        """What visitors see at `now` (default: the current time): published articles
        whose publication window is open."""
        return self.filter(live_condition(now))

    def translated_into(self, lang: str) -> "ArticleQuerySet":
        """Articles whose title and body exist in `lang` (not through fallback)."""
        return (
            self.exclude(**{column("title", lang): ""})
            .exclude(**{f"{column('title', lang)}__isnull": True})
            .exclude(**{column("body", lang): ""})
            .exclude(**{f"{column('body', lang)}__isnull": True})
        )


class Article(models.Model):
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "slug"]
        indexes = [
            # A topic's published articles in order (topic pages, related articles): read
            # from the index in order instead of sorting every row of the topic.
            models.Index(
                fields=["category", "status", "position", "slug"], name="article_topic_order"
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_source", _("Can edit the English source, slug, category and status")),
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
        loaded = getattr(self, "_loaded_text", None)
        if loaded is None:
            loaded = self._stored_text() if self.pk else {}
        for lang, text in self._text_snapshot().items():
            if text != loaded.get(lang, ("", "", "")):
                setattr(self, column("body_html", lang), render_markdown(text[2]))
                if any(text):
                    setattr(self, column("content_updated_at", lang), now)
        if self.is_published and self.published_at is None:
            self.published_at = now
        # One transaction for the row and what its post_save handlers write (the search
        # index's change log, or the index itself): a crash cannot keep one without the other.
        with transaction.atomic():
            super().save(*args, **kwargs)
        self._loaded_text = self._text_snapshot()

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
    """What visitors searched for, for the editors' "searched but not found" analytics."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    results = models.PositiveIntegerField(_("results"))
    corrected_query = models.CharField(_("corrected query"), max_length=200, blank=True)
    fallback = models.BooleanField(_("English fallback"), default=False)
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search")
        verbose_name_plural = _("search log")

    def __str__(self) -> str:
        return f"{self.language}: {self.query}"


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


def record_slug_change(article: Article, old_slug: str | None) -> None:
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
        Article, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("article")
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
    or `unpublish_at`). Caches expire at the next one; when one passes, the article's index
    change is logged (articles/schedules.py), so nobody has to run a command on time."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("publication boundary")
        verbose_name_plural = _("publication boundaries")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.at.isoformat()}"

    @classmethod
    def record(cls, article: Article) -> None:
        """Replace the article's boundaries by those still ahead of it (none for a draft)."""
        cls.objects.filter(article=article).delete()
        if not article.is_published:
            return
        now = timezone.now()
        ahead = {at for at in (article.publish_at, article.unpublish_at) if at and at > now}
        cls.objects.bulk_create(cls(article=article, at=at) for at in sorted(ahead))


class ContentAddressedStorage(FileSystemStorage):
    """Files named by the hash of their content: saving a file that exists keeps the one
    there (same name, same bytes) instead of adding a random suffix."""

    def save(self, name, content, max_length=None):
        if name and self.exists(name):
            return name
        return super().save(name, content, max_length=max_length)


def _image_storage() -> ContentAddressedStorage:
    return ContentAddressedStorage()


class ArticleImage(models.Model):
    """An image uploaded for article bodies, served from MEDIA_URL (see articles/images.py).

    The file is re-encoded and named by its content hash when uploaded through the admin;
    `alt` describes it for people who cannot see it, and is what the Markdown snippet uses.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="images",
        verbose_name=_("article"),
    )
    file = models.FileField(
        _("image"),
        upload_to="articles/",
        storage=_image_storage,
        max_length=200,
        help_text=_("PNG, JPEG, WebP or GIF. Location and camera data are removed."),
    )
    alt = models.CharField(
        _("description (alt text)"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt

    @property
    def markdown(self) -> str:
        """What to paste into a body: `![alt](/media/articles/<hash>.png)`."""
        from .images import markdown_snippet

        return markdown_snippet(self.alt, self.file.url) if self.file else ""
