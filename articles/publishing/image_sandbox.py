"""Reading an uploaded image in a process of its own, with bounded memory and time.

Two bounds, because neither is enough alone. From the header, image_worker.py refuses what
a file declares — frame size, frame count, pixels over all frames — before decoding
anything: a precise message, and every bomb seen so far stops there. But a header does not
bound everything a decoder may spend on a hostile file (a progressive JPEG of thousands of
scans, a decoder bug), and gunicorn's worker timeout does not stop C code in a worker. So
every upload — contact screenshots, editors' images, chat attachments — is parsed by
articles/publishing/image_worker.py in a fresh interpreter (`sys.executable -I`, an empty
environment: it sees no secret, database URL or path of ours; not fork(), which in a
threaded worker can deadlock and would hand the child the whole application), which limits
its own address space and CPU time before it reads the file, and which this side kills
once `seconds` of wall-clock time have passed. A web worker only ever holds the file's
bytes and the re-encoded result. One image at a time is read per server process (the
others wait their turn, up to `seconds`), so a burst of uploads to gunicorn's threads
queues instead of each mapping KB_IMAGE_DECODE_MEMORY: a host never runs more than one
worker per server process.
"""

import json
import logging
import math
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

WORKER = Path(__file__).with_name("image_worker.py")
logger = logging.getLogger(__name__)
_decoding = threading.BoundedSemaphore(1)


@dataclass(frozen=True)
class ImageLimits:
    """What reading one image may cost; the settings named after each field give the defaults.

    `max_pixels` (KB_IMAGE_MAX_PIXELS): width × height of one frame; `max_frames`
    (KB_IMAGE_MAX_FRAMES); `max_total_pixels` (KB_IMAGE_MAX_TOTAL_PIXELS): width × height
    summed over every frame; `seconds` (KB_IMAGE_DECODE_SECONDS): wall-clock time, also
    the worker's CPU limit; `memory_bytes` (KB_IMAGE_DECODE_MEMORY): the worker's address
    space.
    """

    max_pixels: int
    max_frames: int
    max_total_pixels: int
    seconds: float
    memory_bytes: int

    @classmethod
    def from_settings(cls) -> "ImageLimits":
        return cls(
            max_pixels=settings.KB_IMAGE_MAX_PIXELS,
            max_frames=settings.KB_IMAGE_MAX_FRAMES,
            max_total_pixels=settings.KB_IMAGE_MAX_TOTAL_PIXELS,
            seconds=settings.KB_IMAGE_DECODE_SECONDS,
            memory_bytes=settings.KB_IMAGE_DECODE_MEMORY,
        )


@dataclass(frozen=True)
class DecodedImage:
    """An accepted image: its format ("PNG", "JPEG", "WEBP", "GIF"), the size of a frame in
    pixels, its frame count, and `content`: the re-encoded file, pixels only."""

    format: str
    width: int
    height: int
    frames: int
    content: bytes


class ImageRefused(Exception):
    """The image is refused. `reason`: not_image, format, pixels, frames, total_pixels,
    damaged, memory (past KB_IMAGE_DECODE_MEMORY), time (past KB_IMAGE_DECODE_SECONDS), busy
    (other images were being read for that long), or unavailable (the worker could not
    run: a fault of the server, logged as an error);
    `figures`: the numbers a message may quote (width, height, frames, max, format)."""

    def __init__(self, reason: str, figures: dict | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.figures = figures or {}


def decode(content: bytes, limits: ImageLimits) -> DecodedImage:
    """Check and re-encode `content` (a whole uploaded file) in the worker process.

    Returns the DecodedImage; raises ImageRefused. Takes at most `limits.seconds` (the
    worker is killed then) after waiting at most as long for its turn, and the worker at
    most `limits.memory_bytes` of address space.
    """
    if not _decoding.acquire(timeout=limits.seconds):
        raise ImageRefused("busy")
    try:
        return _run_worker(content, limits)
    finally:
        _decoding.release()


def _run_worker(content: bytes, limits: ImageLimits) -> DecodedImage:
    worker_limits = {
        **{key: value for key, value in asdict(limits).items() if key != "seconds"},
        "cpu_seconds": math.ceil(limits.seconds),
    }
    # -I: no PYTHON* variables, no user site, and not the worker's own folder on sys.path
    # (where publishing/selectors.py would shadow the standard library's `selectors`).
    command = [sys.executable, "-I", str(WORKER), json.dumps(worker_limits)]
    try:
        finished = subprocess.run(
            command, input=content, capture_output=True, timeout=limits.seconds, env={}, cwd="/"
        )
    except subprocess.TimeoutExpired as expired:
        raise ImageRefused("time") from expired
    except OSError as error:
        logger.error("The image worker cannot start (%s): images cannot be checked.", error)
        raise ImageRefused("unavailable") from error
    return _answer(finished)


def _answer(finished: subprocess.CompletedProcess) -> DecodedImage:
    if finished.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ImageRefused("time")
    header, _newline, body = finished.stdout.partition(b"\n")
    try:
        answer = json.loads(header)
    except ValueError:
        answer = None
    if finished.returncode != 0 or not isinstance(answer, dict):
        if b"MemoryError" in finished.stderr:  # before it could answer (still inside Pillow)
            raise ImageRefused("memory")
        logger.error(
            "The image worker failed (exit %s): %s",
            finished.returncode,
            finished.stderr[-2000:].decode(errors="replace"),
        )
        raise ImageRefused("unavailable")
    if "refused" in answer:
        if answer.get("detail"):
            logger.info("Image refused as %s: %s", answer["refused"], answer["detail"])
        raise ImageRefused(answer.pop("refused"), answer)
    return DecodedImage(
        format=answer["format"],
        width=answer["width"],
        height=answer["height"],
        frames=answer["frames"],
        content=body,
    )
