"""Images uploaded for article bodies, stored by the hash of their content."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes  # noqa: F401  (also imported from here)
from articles.markup.markdown import markdown_snippet
from articles.models.content import Article


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
    """An image uploaded for article bodies, served from MEDIA_URL (articles/publishing/images.py).

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
        return markdown_snippet(self.alt, self.file.url) if self.file else ""
