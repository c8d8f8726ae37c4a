"""Image bombs: refused from the header, before decoding, on every upload path.

The shared check (`clean_upload`) runs here on real files in a bounded interpreter
(tests/image_files.py `run_bounded`): before the limits existed, the 10-frame GIF took
76 s and 2.2 GB in a web worker; such a regression now fails the test within 60 s of CPU
and 2 GB instead of hanging CI.
"""

import json
import signal
import subprocess
import sys

import pytest

from articles.publishing import image_sandbox
from articles.publishing.image_sandbox import WORKER, ImageLimits, ImageRefused
from tests.image_files import animated_gif, gif_growing_to, png_declaring, red_image, run_bounded

CHECK_ONE_FILE = """
import json, sys
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.publishing.images import clean_upload

with open(sys.argv[1], "rb") as upload:
    content = upload.read()
try:
    clean = clean_upload(SimpleUploadedFile("upload.img", content))
    print(json.dumps({"accepted": [clean.width, clean.height]}))
except ValidationError as error:
    print(json.dumps({"refused": error.messages}))
"""


def check_bounded(tmp_path, content: bytes) -> dict:
    """What clean_upload says of `content`, asked in a bounded interpreter."""
    path = tmp_path / "upload.img"
    path.write_bytes(content)
    finished = run_bounded(CHECK_ONE_FILE, str(path), data_dir=tmp_path / "data")
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_an_animated_gif_of_ten_huge_frames_is_refused_before_decoding(tmp_path):
    bomb = animated_gif(10, (6000, 6000))
    assert len(bomb) < 300_000  # 360 million pixels in under 300 KB
    assert check_bounded(tmp_path, bomb) == {
        "refused": [
            "The animation has 10 frames of 6000 × 6000 pixels; at most 50 million pixels "
            "in all its frames together."
        ]
    }


def test_a_gif_of_many_frames_under_the_size_limit_is_refused(tmp_path, settings):
    bomb = animated_gif(185, (4000, 4000))
    assert len(bomb) < settings.KB_IMAGE_MAX_BYTES
    assert "185 frames of 4000 × 4000" in check_bounded(tmp_path, bomb)["refused"][0]


def test_a_png_that_is_only_a_header_declaring_ten_billion_pixels_is_refused(tmp_path):
    bomb = png_declaring(100_000, 100_000)
    assert len(bomb) == 74
    assert check_bounded(tmp_path, bomb) == {
        "refused": ["The image has more than 40 million pixels."]
    }


def test_a_gif_frame_that_enlarges_the_canvas_is_checked_before_it_is_decoded(tmp_path):
    assert check_bounded(tmp_path, gif_growing_to((8000, 8000))) == {
        "refused": ["The image is 8000 × 8000 pixels; at most 40 million pixels."]
    }


def test_too_many_frames_are_refused_whatever_their_size(settings):
    settings.KB_IMAGE_MAX_FRAMES = 20
    with pytest.raises(ImageRefused) as refused:
        image_sandbox.decode(animated_gif(21, (8, 8)), ImageLimits.from_settings())
    assert (refused.value.reason, refused.value.figures) == ("frames", {"frames": 21, "max": 20})


def test_an_animation_within_the_limits_is_kept_frame_by_frame(settings):
    image = image_sandbox.decode(red_image("GIF", frames=5), ImageLimits.from_settings())
    assert (image.format, image.frames, image.width, image.height) == ("GIF", 5, 24, 16)


def test_the_decoder_is_stopped_when_it_runs_out_of_its_memory(settings):
    settings.KB_IMAGE_DECODE_MEMORY = 100 * 1024 * 1024
    large = red_image("PNG", size=(6000, 6000))  # 108 MB of pixels in a few kilobytes
    with pytest.raises(ImageRefused) as refused:
        image_sandbox.decode(large, ImageLimits.from_settings())
    assert refused.value.reason == "memory"


def test_the_decoder_is_stopped_when_it_takes_too_long(settings):
    settings.KB_IMAGE_DECODE_SECONDS = 0.2
    settings.KB_IMAGE_MAX_TOTAL_PIXELS = 10**9
    work = animated_gif(10, (6000, 6000))  # a minute of decoding without the limits
    with pytest.raises(ImageRefused) as refused:
        image_sandbox.decode(work, ImageLimits.from_settings())
    assert refused.value.reason == "time"


def test_the_decoder_limits_its_own_cpu_time_even_if_nobody_stops_it():
    limits = {
        "max_pixels": 40_000_000,
        "max_frames": 200,
        "max_total_pixels": 10**9,
        "memory_bytes": 2 << 30,
        "cpu_seconds": 1,
    }
    finished = subprocess.run(
        [sys.executable, "-I", str(WORKER), json.dumps(limits)],
        input=animated_gif(10, (6000, 6000)),
        capture_output=True,
        timeout=60,
    )
    assert finished.returncode in (-signal.SIGXCPU, -signal.SIGKILL)


def test_images_wait_their_turn_and_are_refused_if_it_does_not_come(settings):
    settings.KB_IMAGE_DECODE_SECONDS = 0.1
    # Another thread of this process is reading an image.
    with image_sandbox._decoding, pytest.raises(ImageRefused) as refused:
        image_sandbox.decode(red_image("PNG"), ImageLimits.from_settings())
    assert refused.value.reason == "busy"
    settings.KB_IMAGE_DECODE_SECONDS = 10
    assert image_sandbox.decode(red_image("PNG"), ImageLimits.from_settings()).format == "PNG"
