"""The process that reads an uploaded image: header checks first, then pixels only.

articles/publishing/image_sandbox.py runs this file as its own program
(`python -I image_worker.py LIMITS`, the upload on stdin), so a hostile file is parsed in a
process of its own and never in a web worker. It imports only the standard library and
Pillow (never Django, never the app), and before it reads a byte of the upload it limits
itself (`LIMITS` is JSON; every key is required):

- `memory_bytes` → RLIMIT_AS: an allocation past it fails (MemoryError, refused as "too
  complex"); `cpu_seconds` → RLIMIT_CPU: the kernel kills the process past it; no core file.
- `max_pixels` (width × height of one frame): checked from the header; Pillow's own
  decompression-bomb check (MAX_IMAGE_PIXELS, set to it) refuses twice as many before a
  decoder allocates anything.
- `max_frames` and `max_total_pixels` (width × height × frames, every frame decoded): checked
  from the header (GIF blocks are walked without decompressing them; APNG and WebP declare
  their frame count), and again before each GIF frame, whose canvas a frame may enlarge.

Then it decodes frame by frame and re-encodes the pixels in the same format: EXIF, XMP,
comments (JPEG COM, GIF comment extensions), text chunks, ICC profiles and every other block
of the original are left out. Pixels described by an ICC profile are converted to sRGB first
(Pillow's ImageCms, i.e. LittleCMS, which Pillow's wheels include; without it the profile is
dropped and the numbers kept as they are). A JPEG's EXIF orientation is applied to the pixels.
Truncated files are refused (ImageFile.LOAD_TRUNCATED_IMAGES stays False).

Answer on stdout: one line of JSON, then (when accepted) the re-encoded file. Accepted:
`{"format": "PNG", "width": 40, "height": 30, "frames": 1}`; refused: `{"refused": reason,
…figures}` with reason one of `not_image`, `format`, `pixels`, `frames`, `total_pixels`,
`damaged`, `memory`.
"""

import io
import json
import resource
import sys
import warnings

from PIL import GifImagePlugin, Image, ImageFile, ImageOps, UnidentifiedImageError

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without LittleCMS: profiles are dropped, not converted
    ImageCms = None

# The only formats ever stored or served.
FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
# Kept with the pixels: which palette index (or colour) is transparent is part of the image.
PIXEL_KEYS = ("transparency",)
ANIMATION_KEYS = ("loop",)
# Modes whose pixels an RGB profile may describe once widened to RGB (16-bit ones are not).
CONVERTIBLE_TO_RGB = ("1", "L", "LA", "P", "PA")


class Refusal(Exception):
    """Why an upload is refused: `reason` (see the module docstring) and its figures."""

    def __init__(self, reason: str, **figures) -> None:
        super().__init__(reason)
        self.answer = {"refused": reason, **figures}


def limit_resources(limits: dict) -> None:
    """Cap this process's address space and CPU time (RLIMIT_AS, RLIMIT_CPU); no core file."""
    for name, value in (
        (resource.RLIMIT_AS, limits["memory_bytes"]),
        (resource.RLIMIT_CPU, limits["cpu_seconds"]),
        (resource.RLIMIT_CORE, 0),
    ):
        _soft, hard = resource.getrlimit(name)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(name, (value, value))


def process(data: bytes, limits: dict) -> tuple[dict, bytes]:
    """The answer for one upload: (facts, re-encoded bytes) or ({"refused": …}, b"")."""
    # Pillow itself refuses, from the header, a frame over 2 × MAX_IMAGE_PIXELS (before a WebP
    # decoder allocates its canvas); check_size refuses one over max_pixels, naming its size.
    Image.MAX_IMAGE_PIXELS = limits["max_pixels"]
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    # GIF frames stay palette images while the palette does not change (4× less memory).
    GifImagePlugin.LOADING_STRATEGY = (
        GifImagePlugin.LoadingStrategy.RGB_AFTER_DIFFERENT_PALETTE_ONLY
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image, frames = open_checked(data, limits)
            content = reencode(image, frames, limits)
    except Refusal as refusal:
        return refusal.answer, b""
    except MemoryError:
        return {"refused": "memory"}, b""
    facts = {"format": _stored_format(image), "width": image.width, "height": image.height}
    return {**facts, "frames": frames}, content


def _stored_format(image: Image.Image) -> str:
    return "JPEG" if image.format == "MPO" else image.format


def open_checked(data: bytes, limits: dict) -> tuple[Image.Image, int]:
    """Open from the header alone and check format, frame size, frames and total pixels."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise Refusal("pixels", max=limits["max_pixels"]) from error
    except UnidentifiedImageError as error:
        raise Refusal("not_image") from error
    except MemoryError:
        raise
    except Exception as error:  # anything Pillow raises on a hostile header
        raise Refusal("damaged", detail=repr(error)[:200]) from error
    if image.format not in FORMATS and image.format != "MPO":
        raise Refusal("format", format=image.format)
    try:
        # An MPO is a camera's JPEG with extra pictures: the first one is the photo.
        frames = 1 if image.format == "MPO" else getattr(image, "n_frames", 1)
    except MemoryError:
        raise
    except Exception as error:
        raise Refusal("damaged", detail=repr(error)[:200]) from error
    check_size(image, frames, limits)
    return image, frames


def check_size(image: Image.Image, frames: int, limits: dict) -> None:
    """Refuse a frame over max_pixels, over max_frames frames, or over max_total_pixels."""
    width, height = image.size
    frame_limit = min(limits["max_pixels"], limits["max_total_pixels"])
    if width * height > frame_limit:
        raise Refusal("pixels", width=width, height=height, max=frame_limit)
    if frames > limits["max_frames"]:
        raise Refusal("frames", frames=frames, max=limits["max_frames"])
    if width * height * frames > limits["max_total_pixels"]:
        raise Refusal(
            "total_pixels",
            frames=frames,
            width=width,
            height=height,
            max=limits["max_total_pixels"],
        )


def reencode(image: Image.Image, frames: int, limits: dict) -> bytes:
    """The pixels only, in the image's own format; every metadata block is left out."""
    output = io.BytesIO()
    image_format = _stored_format(image)
    try:
        if frames == 1:
            ImageOps.exif_transpose(image, in_place=True)  # the orientation goes with the EXIF
            still = _pixels_only(image, image_format, copy=False)
            still.save(output, image_format, **_still_options(image_format))
        else:
            animation = list(_animation_frames(image, frames, limits))
            first, *others = (frame for frame, _duration in animation)
            first.save(
                output,
                image_format,
                save_all=True,
                append_images=others,
                duration=[duration for _frame, duration in animation],
                **{key: image.info[key] for key in ANIMATION_KEYS if key in image.info},
            )
    except (Refusal, MemoryError):
        raise
    except Image.DecompressionBombError as error:  # a GIF frame enlarged the canvas too far
        raise Refusal("pixels", max=limits["max_pixels"]) from error
    except Exception as error:  # a damaged or truncated file, whatever Pillow raises for it
        raise Refusal("damaged", detail=repr(error)[:200]) from error
    return output.getvalue()


def _animation_frames(image: Image.Image, frames: int, limits: dict):
    """Each frame decoded in turn, as (pixels-only image, duration in ms)."""
    for index in range(frames):
        image.seek(index)
        # Seeking reads the frame's header; a GIF frame may have enlarged the canvas.
        check_size(image, frames, limits)
        image.load()
        # A copy: seeking to the next frame reuses the image's buffer.
        yield _pixels_only(image, image.format), image.info.get("duration", 100)


def _still_options(image_format: str) -> dict:
    # PNG at zlib's default level: "optimize" (level 9) takes 3 × longer for a 1 % gain.
    return {"quality": 88, "optimize": True} if image_format == "JPEG" else {}


def _pixels_only(frame: Image.Image, image_format: str, *, copy: bool = True) -> Image.Image:
    """The frame's pixels in sRGB with no metadata at all (the frame itself if not `copy`
    and nothing needs converting)."""
    info = frame.info
    profile = info.get("icc_profile")
    if frame.mode == "CMYK" or (image_format == "JPEG" and frame.mode not in ("RGB", "L")):
        pixels = _in_srgb(frame, profile, "RGB") if profile else frame.convert("RGB")
    elif profile:
        pixels = _in_srgb(frame, profile, None)
    else:
        pixels = frame.copy() if copy else frame
    same_mode = pixels.mode == frame.mode
    pixels.info = {key: info[key] for key in PIXEL_KEYS if key in info and same_mode}
    return pixels


def _in_srgb(frame: Image.Image, profile: bytes, output_mode: str | None) -> Image.Image:
    """The frame converted from its ICC profile to sRGB; unchanged numbers if it cannot be."""
    if ImageCms is None:
        return frame.convert(output_mode) if output_mode else frame.copy()
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        space = source.profile.xcolor_space.strip()
        if space not in ("RGB", "CMYK"):  # grey or other: no sRGB version to make
            raise ImageCms.PyCMSError(f"{space} profile")
        if space == "RGB" and frame.mode in CONVERTIBLE_TO_RGB:
            has_alpha = "A" in frame.mode or "transparency" in frame.info
            frame = frame.convert("RGBA" if has_alpha else "RGB")
        output_mode = output_mode or frame.mode
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(frame, source, srgb, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return frame.convert(output_mode) if output_mode else frame.copy()


def main() -> None:
    """The program: limits from argv[1], the upload from stdin, the answer to stdout."""
    limits = json.loads(sys.argv[1])
    limit_resources(limits)
    data = sys.stdin.buffer.read()
    answer, content = process(data, limits)
    sys.stdout.buffer.write(json.dumps(answer).encode() + b"\n" + content)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
