"""Categories (topics): slug, translated name and description, position on the home page."""

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.core.languages import language_codes
from articles.models.naming import column


class Category(models.Model):
    """A topic grouping articles; its name and description are translated (translation.py)."""

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
        instance._loaded_names = instance._names()
        return instance

    def _names(self) -> tuple:
        return tuple(self.__dict__.get(column("name", lang)) for lang in language_codes())

    @property
    def slug_changed(self) -> bool:
        """True when the slug (part of every article's search document) was edited."""
        return getattr(self, "_loaded_slug", self.slug) != self.slug

    @property
    def names_changed(self) -> bool:
        """True when a translated name (searchable in its articles' documents) was edited."""
        return getattr(self, "_loaded_names", self._names()) != self._names()
