"""Part headers that are not UTF-8 are made readable, byte for byte; file contents never change."""

import io

import pytest

from articles.web.multipart import PartHeaderRepair, utf8_or_underscores

BOUNDARY = b"XyZ123"
CONTENT = b"\x89PNG\xff\xfe--XyZ12 not a boundary\r\n\r\n\xc3\x28 binary"


def body(file_name: bytes) -> bytes:
    return (
        b'--XyZ123\r\nContent-Disposition: form-data; name="message"\r\n\r\nHello\r\n'
        b'--XyZ123\r\nContent-Disposition: form-data; name="screenshots"; filename="'
        + file_name
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + CONTENT
        + b"\r\n--XyZ123--\r\n"
    )


def read_all(stream, size: int) -> bytes:
    pieces = []
    while piece := stream.read(size):
        pieces.append(piece)
    return b"".join(pieces)


def test_bytes_that_are_not_utf8_become_underscores_one_for_one():
    assert utf8_or_underscores(b"\xff\xfe.png") == b"__.png"
    assert utf8_or_underscores("截图.png".encode()) == "截图.png".encode()
    gbk = "截图.png".encode("gbk")
    assert len(utf8_or_underscores(gbk)) == len(gbk) and utf8_or_underscores(gbk).decode()


@pytest.mark.parametrize("size", [1, 5, 7, 64, -1])
def test_only_part_headers_are_repaired_whatever_the_read_size(size):
    original = body(b"\xff\xfe.png")
    repaired = read_all(PartHeaderRepair(io.BytesIO(original), BOUNDARY), size)
    assert repaired == body(b"__.png")
    assert len(repaired) == len(original) and CONTENT in repaired


def test_a_body_that_is_all_utf8_is_unchanged_and_lines_read_as_lines():
    original = body("écran.png".encode())
    stream = PartHeaderRepair(io.BytesIO(original), BOUNDARY)
    assert stream.readline() == b"--XyZ123\r\n"
    assert stream.readline(10) == b"Content-Di"
    assert b"--XyZ123\r\n" + b"Content-Di" + stream.read() == original
