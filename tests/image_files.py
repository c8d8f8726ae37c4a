"""Real image files for the upload tests — bombs, files full of metadata — and what they hold.

Builders write the bytes an attacker or a phone would send: an animated GIF of huge frames
that is small on disk, a PNG that is nothing but a header, a JPEG with a comment and a
colour profile. Readers list the blocks of a stored file (JPEG markers, PNG chunks, GIF
blocks, WebP chunks) so a test can say what survived. `run_bounded` and `resource_bound` keep
a test that decodes a bomb (after a regression) from hanging CI or eating the machine.
"""

import io
import os
import resource
import signal
import struct
import subprocess
import sys
import zlib
from contextlib import contextmanager

from PIL import Image, ImageCms

from tests.paths import ROOT

SCRIPT = b"<script>alert(1)</script>"


def animated_gif(frames: int, size: tuple[int, int]) -> bytes:
    """A GIF of `frames` frames of `size`, each one colour: kilobytes on disk, yet every
    frame decodes to width × height pixels."""
    head, frame = _gif_parts(size)
    return head + frame * frames + b";"


def with_gif_comments(content: bytes, comment: bytes) -> bytes:
    """The GIF `content` with an XMP application extension after its header and a comment
    extension before each frame."""
    spans = _gif_block_spans(content)
    header_end = spans[0][1] if spans else len(content) - 1
    pieces = [content[:header_end], b"!\xff\x0bXMP DataXMP" + _sub_blocks(b"<x:xmpmeta>" + comment)]
    for name, start, end in spans:
        if name == "image":
            pieces.append(b"!\xfe" + _sub_blocks(comment))
        pieces.append(content[start:end])
    return b"".join(pieces) + b";"


def gif_growing_to(size: tuple[int, int]) -> bytes:
    """A GIF whose screen is 10 × 10 pixels and whose second frame is `size`: the canvas
    grows when that frame is read."""
    head, small = _gif_parts((10, 10))
    return head + small + _gif_parts(size)[1] + b";"


def _gif_parts(size: tuple[int, int]) -> tuple[bytes, bytes]:
    """(header with its colour table, one frame: image descriptor and LZW data) of a GIF."""
    single = io.BytesIO()
    Image.new("P", size, 0).save(single, "GIF")
    data = single.getvalue()
    flags = data[10]
    header_end = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    return data[:header_end], data[header_end:-1]


def _sub_blocks(payload: bytes) -> bytes:
    chunks = [payload[i : i + 255] for i in range(0, len(payload), 255)]
    return b"".join(bytes([len(chunk)]) + chunk for chunk in chunks) + b"\0"


def png_declaring(width: int, height: int) -> bytes:
    """74 bytes: a PNG signature, an IHDR declaring width × height, a tiny IDAT and IEND."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(bytes(range(9)), 9)  # 17 bytes
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND")


def _chunk(kind: bytes, payload: bytes = b"") -> bytes:
    crc = zlib.crc32(kind + payload)
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def swapped_primaries_profile() -> bytes:
    """An RGB ICC profile whose red primary is sRGB's green and the other way round: pure red
    pixels under it are green in sRGB, so a test sees whether the profile was applied."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack_from(">I", profile, 128)[0]
    entries = {}
    for index in range(count):
        signature, offset, size = struct.unpack_from(">4sII", profile, 132 + 12 * index)
        entries[signature] = (index, offset, size)
    (red, *red_place), (green, *green_place) = entries[b"rXYZ"], entries[b"gXYZ"]
    struct.pack_into(">4sII", profile, 132 + 12 * red, b"rXYZ", *green_place)
    struct.pack_into(">4sII", profile, 132 + 12 * green, b"gXYZ", *red_place)
    return bytes(profile)


def camera_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPS
    return exif.tobytes()


def red_image(fmt: str, *, frames: int = 1, size=(24, 16), **save_options) -> bytes:
    """Pure red frames (each with one darker pixel, so none is dropped as a repeat)."""
    images = []
    for index in range(frames):
        image = Image.new("RGB", size, (255, 0, 0))
        image.putpixel((index % size[0], 0), (200, 0, 0))
        images.append(image)
    output = io.BytesIO()
    images[0].save(
        output, fmt, save_all=frames > 1, append_images=images[1:], duration=80, **save_options
    )
    return output.getvalue()


def jpeg_markers(content: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments up to its image data (0xFE is a comment,
    0xE1 EXIF or XMP, 0xE2 an ICC profile)."""
    markers, position = [], 2
    while position + 4 <= len(content) and content[position] == 0xFF:
        marker = content[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        position += 2 + struct.unpack_from(">H", content, position + 2)[0]
    return markers


def png_chunks(content: bytes) -> list[str]:
    """The chunk types of a PNG file, in order ("IHDR", "iCCP", "IDAT"…)."""
    kinds, position = [], 8
    while position + 8 <= len(content):
        length, kind = struct.unpack_from(">I4s", content, position)
        kinds.append(kind.decode("latin-1"))
        position += 12 + length
    return kinds


def gif_blocks(content: bytes) -> list[str]:
    """The blocks of a GIF after its header: "image", "comment", "control", or
    "extension:<application>" ("extension:NETSCAPE2.0") for other extensions."""
    return [name for name, _start, _end in _gif_block_spans(content)]


def _gif_block_spans(content: bytes) -> list[tuple[str, int, int]]:
    flags = content[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    spans = []
    while position < len(content) and content[position] != 0x3B:
        start = position
        if content[position] == 0x21:
            label = content[position + 1]
            name = content[position + 3 : position + 14].decode("latin-1") if label == 0xFF else ""
            name = {0xFE: "comment", 0xF9: "control"}.get(label, f"extension:{name}")
            position = _skip_sub_blocks(content, position + 2)
        else:  # image descriptor, optional local colour table, LZW code size, data
            flags = content[position + 9]
            position += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            name = "image"
            position = _skip_sub_blocks(content, position)
        spans.append((name, start, position))
    return spans


def _skip_sub_blocks(content: bytes, position: int) -> int:
    while content[position]:
        position += content[position] + 1
    return position + 1


def webp_chunks(content: bytes) -> list[str]:
    """The chunk types of a WebP (RIFF) file ("VP8X", "ICCP", "ANMF", "EXIF", "XMP "…)."""
    kinds, position = [], 12
    while position + 8 <= len(content):
        kind, length = struct.unpack_from("<4sI", content, position)
        kinds.append(kind.decode("latin-1"))
        position += 8 + length + (length & 1)
    return kinds


def multipart_body(fields: dict, file_field: str, file_name: bytes, content: bytes):
    """(body, Content-Type) of a form POST as a client sends it, with one file whose name is
    given as raw bytes (a client may send them in any encoding)."""
    boundary = "----kbBoundary7MA4YWxkTrZu0gW"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    disposition = f'Content-Disposition: form-data; name="{file_field}"; filename="'.encode()
    parts.append(
        f"--{boundary}\r\n".encode()
        + disposition
        + file_name
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_bounded(code: str, *arguments: str, data_dir, memory_bytes: int = 2 << 30):
    """Run Python `code` (with `arguments` in sys.argv[1:]) in a fresh interpreter, with
    Django set up on KB_DATA_DIR=`data_dir`, at most `memory_bytes` of address space and 60 s
    of CPU, killed after 120 s: a decoder that runs away fails the test instead of hanging
    CI or exhausting the machine. Returns the CompletedProcess (stdout, stderr as text)."""
    prelude = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_bytes}, {memory_bytes}))\n"
        "resource.setrlimit(resource.RLIMIT_CPU, (60, 60))\n"
        "import django\n"
        "django.setup()\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "KB_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-c", prelude + code, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environment,
    )


@contextmanager
def resource_bound(extra_memory_bytes: int = 1536 << 20, seconds: int = 60):
    """Inside: this process may map only `extra_memory_bytes` more than it does now, and is
    interrupted (TimeoutError) after `seconds`; both undone on exit. For tests that send a
    bomb through a view in this process: a regression fails, it does not hang."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    bound = mapped + extra_memory_bytes
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)

    def interrupt(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
