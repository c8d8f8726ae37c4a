"""Images editors upload for article bodies: checked, cleaned and named by their content.

An upload is decoded for real with Pillow (not trusted by its name or its declared type),
must be PNG, JPEG, WebP or GIF, at most KB_IMAGE_MAX_BYTES on disk and KB_IMAGE_MAX_PIXELS
decoded (a decompression bomb is refused before it is decoded), and is re-encoded: what is
stored carries no EXIF, GPS position, comment or colour-profile metadata of the original
(phone screenshots and photos do). The stored name is the hash of the stored bytes, so a
URL never changes meaning and can be cached forever.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name → (file extension, Content-Type). The only types ever stored or served.
FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
CONTENT_TYPES = dict(FORMATS.values())
UPLOAD_DIRECTORY = "articles"


@dataclass(frozen=True)
class CleanImage:
    """An accepted upload: `file` (re-encoded bytes under its content-hash name), pixels."""

    file: ContentFile
    width: int
    height: int


def clean_upload(upload) -> CleanImage:
    """Check an uploaded file and return it re-encoded without metadata.

    `upload` is a Django UploadedFile (or any file object with `.size` and `.read()`).
    Raises ValidationError (a message for the editor) when the file is too large, is not an
    image Pillow can decode, is of another type (SVG, BMP, TIFF, HTML…), or has more pixels
    than KB_IMAGE_MAX_PIXELS.
    """
    max_bytes = settings.KB_IMAGE_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; images may be at most %(max)s MB.")
            % {"size": megabytes(upload.size), "max": megabytes(max_bytes)}
        )
    image = _open(upload)
    width, height = image.size
    if width * height > settings.KB_IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels; at most %(max)s million pixels.")
            % {"width": width, "height": height, "max": settings.KB_IMAGE_MAX_PIXELS // 10**6}
        )
    try:
        content = _reencode(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The image is damaged and cannot be read.")) from error
    extension = FORMATS[image.format][0]
    # upload_to (ArticleImage.file) puts it under UPLOAD_DIRECTORY.
    name = f"{hashlib.sha256(content).hexdigest()[:32]}.{extension}"
    return CleanImage(ContentFile(content, name=name), width, height)


def _open(upload) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload.read()))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning) as error:
        raise ValidationError(
            _("This file is not an image. Upload a PNG, JPEG, WebP or GIF file.")
        ) from error
    if image.format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a PNG, JPEG, WebP or GIF file.")
            % {"format": image.format}
        )
    return image


def _reencode(image: Image.Image) -> bytes:
    """The pixels only, in the same format: every metadata block of the original is left out."""
    output = io.BytesIO()
    animated = getattr(image, "n_frames", 1) > 1
    if image.format == "JPEG":
        # Apply the EXIF orientation to the pixels, since the EXIF itself goes.
        upright = ImageOps.exif_transpose(image)
        upright = upright if upright.mode in ("RGB", "L") else upright.convert("RGB")
        upright.save(output, "JPEG", quality=88, optimize=True)
    elif animated:
        image.save(output, image.format, save_all=True, **_animation(image))
    else:
        image.load()
        image.info.clear()  # PNG text chunks, ICC profiles, EXIF: nothing travels along
        image.save(output, image.format, **({"optimize": True} if image.format == "PNG" else {}))
    return output.getvalue()


def _animation(image: Image.Image) -> dict:
    options = {"loop": image.info.get("loop", 0)}
    if "duration" in image.info:
        options["duration"] = image.info["duration"]
    return options


def megabytes(size: int) -> str:
    """A size in bytes as megabytes for people: 5242880 → "5", 1572864 → "1.5"."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
