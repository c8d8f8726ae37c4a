"""Uploaded images — editors' article images, contact screenshots, chat attachments — checked,
cleaned and named by their content: `clean_upload` is the one way in for every upload path.

An upload is decoded for real (not trusted by its name or its declared type) in a worker
process of its own with bounded memory and time (articles/publishing/image_sandbox.py), and
must be PNG, JPEG, WebP or GIF, at most KB_IMAGE_MAX_BYTES on disk, KB_IMAGE_MAX_PIXELS a
frame, KB_IMAGE_MAX_FRAMES frames and KB_IMAGE_MAX_TOTAL_PIXELS over all its frames (all
checked from the header, before anything is decoded). It is re-encoded: what is stored is the
pixels only (in sRGB), without the EXIF, GPS position, comments, text or colour profiles of
the original (phone screenshots and photos carry them; a JPEG comment may carry a script).
The stored name is the hash of the stored bytes, so a URL never changes meaning and can be
cached forever.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.publishing.image_sandbox import ImageLimits, ImageRefused, decode

# Pillow format name → (file extension, Content-Type). The only types ever stored or served.
FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
CONTENT_TYPES = dict(FORMATS.values())
UPLOAD_DIRECTORY = "articles"

# ImageRefused.reason → the message, filled in with its figures.
_TOO_COMPLEX = _(
    "The image is too complex to read. Save it again as PNG or JPEG, or send a smaller one."
)
_NOT_NOW = _("Images cannot be checked right now. Try again later, or send no image.")
REFUSALS = {
    "not_image": _("This file is not an image. Upload a PNG, JPEG, WebP or GIF file."),
    "format": _("%(format)s images are not accepted. Upload a PNG, JPEG, WebP or GIF file."),
    "pixels": _("The image is %(width)s × %(height)s pixels; at most %(max)s million pixels."),
    "frames": ngettext_lazy(
        "The animation has %(frames)s frame; at most %(max)s.",
        "The animation has %(frames)s frames; at most %(max)s.",
        "frames",
    ),
    "total_pixels": ngettext_lazy(
        "The animation has %(frames)s frame of %(width)s × %(height)s pixels; at most "
        "%(max)s million pixels in all its frames together.",
        "The animation has %(frames)s frames of %(width)s × %(height)s pixels; at most "
        "%(max)s million pixels in all its frames together.",
        "frames",
    ),
    "damaged": _("The image is damaged and cannot be read."),
    "memory": _TOO_COMPLEX,
    "time": _TOO_COMPLEX,
    "busy": _NOT_NOW,
    "unavailable": _NOT_NOW,
}


@dataclass(frozen=True)
class CleanImage:
    """An accepted upload: `file` (re-encoded bytes under its content-hash name), pixels."""

    file: ContentFile
    width: int
    height: int


def clean_upload(upload) -> CleanImage:
    """Check an uploaded file and return it re-encoded, pixels only.

    `upload` is a Django UploadedFile (or any file object with `.size`, `.seek()` and
    `.read()`). Raises ValidationError (a message for the person who sent it, naming the
    limit) when the file is too large, is not an image, is of another type (SVG, BMP,
    TIFF, HTML…), is damaged or truncated, has too many pixels or frames, or needs more
    than KB_IMAGE_DECODE_MEMORY bytes or KB_IMAGE_DECODE_SECONDS seconds to read.
    """
    max_bytes = settings.KB_IMAGE_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            gettext("The file is %(size)s MB; images may be at most %(max)s MB.")
            % {"size": megabytes(upload.size), "max": megabytes(max_bytes)}
        )
    upload.seek(0)
    try:
        image = decode(upload.read(max_bytes + 1), ImageLimits.from_settings())
    except ImageRefused as refused:
        raise ValidationError(refusal_message(refused)) from refused
    extension = FORMATS[image.format][0]
    # upload_to (ArticleImage.file, ContactAttachment.file) puts it in its directory.
    name = f"{hashlib.sha256(image.content).hexdigest()[:32]}.{extension}"
    return CleanImage(ContentFile(image.content, name=name), image.width, image.height)


def refusal_message(refused: ImageRefused) -> str:
    """Why an image was refused, for the person who sent it, with the limit passed."""
    figures = dict(refused.figures)
    if refused.reason in ("pixels", "total_pixels"):
        figures["max"] = millions(figures["max"])
    if refused.reason == "pixels" and "width" not in figures:
        return gettext("The image has more than %(max)s million pixels.") % figures
    return str(REFUSALS.get(refused.reason, REFUSALS["damaged"]) % figures)


def millions(pixels: int) -> str:
    """A pixel count in millions for people: 40000000 → "40", 2500000 → "2.5"."""
    return f"{pixels / 10**6:.1f}".removesuffix(".0")


def megabytes(size: int) -> str:
    """A size in bytes as megabytes for people: 5242880 → "5", 1572864 → "1.5"."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
