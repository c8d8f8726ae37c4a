"""What is stored of an upload is its pixels: no comment, profile, EXIF, XMP or text survives.

Each test sends a real file full of metadata through the shared check (`clean_upload`, used
by editors' images, contact screenshots and chat attachments) and reads the stored bytes
block by block (tests/image_files.py).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from articles.publishing.images import clean_upload
from tests.image_files import (
    SCRIPT,
    camera_exif,
    gif_blocks,
    jpeg_markers,
    png_chunks,
    red_image,
    swapped_primaries_profile,
    webp_chunks,
    with_gif_comments,
)

PNG_PIXEL_CHUNKS = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND", "acTL", "fcTL", "fdAT"}
WEBP_PIXEL_CHUNKS = {"VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"}
JPEG_METADATA = {0xFE, *range(0xE1, 0xF0)}  # COM, APP1 (EXIF, XMP) … APP15 (APP2: ICC)


def stored(content: bytes) -> bytes:
    return clean_upload(SimpleUploadedFile("upload.img", content)).file.read()


def text_chunks() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_text("XML:com.adobe.xmp", "<x:xmpmeta/>", zip=True)
    info.add_itxt("Author", "Визитёр")
    return info


def test_a_jpeg_keeps_no_comment_exif_or_profile_and_its_colours_become_srgb():
    original = red_image(
        "JPEG", comment=SCRIPT, exif=camera_exif(), icc_profile=swapped_primaries_profile()
    )
    assert {0xFE, 0xE1, 0xE2} <= set(jpeg_markers(original))
    content = stored(original)
    assert not JPEG_METADATA & set(jpeg_markers(content))
    assert SCRIPT not in content and b"PhoneMaker" not in content
    red, green, blue = Image.open(io.BytesIO(content)).convert("RGB").getpixel((5, 5))
    assert green > 200 and red < 80  # red under the swapped profile is green in sRGB


@pytest.mark.parametrize("mode", ["RGB", "P"])
def test_a_png_keeps_no_text_exif_or_profile(mode):
    image = Image.open(io.BytesIO(red_image("PNG"))).convert(mode)
    output = io.BytesIO()
    image.save(
        output,
        "PNG",
        icc_profile=swapped_primaries_profile(),
        exif=camera_exif(),
        pnginfo=text_chunks(),
        dpi=(300, 300),
    )
    assert {"iCCP", "eXIf", "tEXt", "zTXt", "iTXt", "pHYs"} <= set(png_chunks(output.getvalue()))
    content = stored(output.getvalue())
    assert set(png_chunks(content)) <= PNG_PIXEL_CHUNKS
    assert Image.open(io.BytesIO(content)).convert("RGB").getpixel((5, 5))[1] > 200


def test_an_animated_png_keeps_its_frames_but_no_profile_exif_or_text():
    original = red_image(
        "PNG",
        frames=3,
        icc_profile=swapped_primaries_profile(),
        exif=camera_exif(),
        pnginfo=text_chunks(),
    )
    content = stored(original)
    assert set(png_chunks(content)) <= PNG_PIXEL_CHUNKS
    assert png_chunks(content).count("fcTL") == 3
    reopened = Image.open(io.BytesIO(content))
    assert reopened.n_frames == 3 and reopened.convert("RGB").getpixel((5, 5))[1] > 200


def test_an_animated_gif_keeps_its_frames_but_no_comment_or_xmp():
    original = with_gif_comments(red_image("GIF", frames=3), SCRIPT)
    assert gif_blocks(original).count("comment") == 3
    content = stored(original)
    assert set(gif_blocks(content)) <= {"image", "control", "extension:NETSCAPE2.0"}
    assert SCRIPT not in content and b"xmpmeta" not in content
    assert Image.open(io.BytesIO(content)).n_frames == 3


@pytest.mark.parametrize("frames", [1, 3])
def test_a_webp_keeps_no_profile_exif_or_xmp(frames):
    original = red_image(
        "WEBP",
        frames=frames,
        icc_profile=swapped_primaries_profile(),
        exif=camera_exif(),
        xmp=b"<x:xmpmeta>" + SCRIPT + b"</x:xmpmeta>",
    )
    assert {"ICCP", "EXIF", "XMP "} <= set(webp_chunks(original))
    content = stored(original)
    assert set(webp_chunks(content)) <= WEBP_PIXEL_CHUNKS
    reopened = Image.open(io.BytesIO(content))
    assert getattr(reopened, "n_frames", 1) == frames
    assert reopened.convert("RGB").getpixel((5, 5))[1] > 200


def test_a_photo_keeps_its_orientation_in_the_pixels():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    content = stored(red_image("JPEG", size=(40, 30), exif=exif.tobytes()))
    assert Image.open(io.BytesIO(content)).size == (30, 40)
