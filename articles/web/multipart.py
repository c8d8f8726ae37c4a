"""Files whose names are not UTF-8 still arrive: part headers made decodable, byte for byte.

Django's multipart parser decodes each part's header lines as UTF-8 and skips a line it
cannot decode. A file whose name a client sent in another encoding (GBK, Shift-JIS,
Windows-1252: clients that do not follow RFC 7578) thus loses its Content-Disposition, and
the parser drops the whole part without a word: the form never sees the file. The
middleware reads multipart bodies through PartHeaderRepair, which replaces each byte that is
not UTF-8 by "_" in the header block of each part, and only there (file contents are never
touched; one byte for one byte, so every length stays right). The file then arrives under a
readable name such as `__.png`; uploads are stored under a name made from their content
anyway (articles/publishing/images.py).
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.http import parse_header_parameters

# Django's parser refuses longer part headers (multipartparser.MAX_TOTAL_HEADER_SIZE is 1 KB).
HEADER_LIMIT = 8 * 1024
CHUNK_SIZE = 64 * 1024
_UNDECODED = re.compile("[\udc80-\udcff]")


def utf8_or_underscores(raw: bytes) -> bytes:
    """`raw` with every byte that is not part of valid UTF-8 replaced by b"_" (same length)."""
    try:
        raw.decode()
    except UnicodeDecodeError:
        # surrogateescape maps each undecodable byte to one lone surrogate, and back.
        return _UNDECODED.sub("_", raw.decode(errors="surrogateescape")).encode()
    return raw


class PartHeaderRepair:
    """A request body stream (`read`, `readline`) whose multipart part headers are UTF-8.

    `stream` is the request's raw stream; `boundary` the multipart boundary (bytes). Bytes are
    handed out only once it is known that no unrepaired header block is among them.
    """

    def __init__(self, stream, boundary: bytes) -> None:
        self._stream = stream
        self._delimiter = b"--" + boundary
        self._buffer = bytearray()
        self._ready = 0  # bytes at the start of the buffer that are final
        self._scanned = 0  # where the next delimiter is looked for
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size is None or size < 0 or self._ready < size):
            self._fill()
        wanted = self._ready if size is None or size < 0 else min(size, self._ready)
        return self._take(wanted)

    def readline(self, size: int = -1) -> bytes:
        newline = self._buffer.find(b"\n", 0, self._ready)
        while newline < 0 and not self._eof:
            self._fill()
            newline = self._buffer.find(b"\n", 0, self._ready)
        end = newline + 1 if newline >= 0 else self._ready
        return self._take(end if size is None or size < 0 else min(end, size))

    def _take(self, count: int) -> bytes:
        taken = bytes(self._buffer[:count])
        del self._buffer[:count]
        self._ready -= count
        self._scanned -= count
        return taken

    def _fill(self) -> None:
        chunk = self._stream.read(CHUNK_SIZE)
        if chunk:
            self._buffer += chunk
        else:
            self._eof = True
        self._ready = self._repair()

    def _repair(self) -> int:
        """Repair each complete header block after a delimiter; how many bytes are final."""
        while True:
            start = self._buffer.find(self._delimiter, self._scanned)
            if start < 0:
                # A delimiter may begin in the last bytes and end in the next chunk.
                tail = 0 if self._eof else len(self._delimiter) - 1
                self._scanned = max(self._scanned, len(self._buffer) - tail)
                return max(self._ready, len(self._buffer) - tail)
            headers = start + len(self._delimiter)
            end = self._buffer.find(b"\r\n\r\n", headers, headers + HEADER_LIMIT)
            if end < 0 and not self._eof and len(self._buffer) - headers < HEADER_LIMIT:
                return max(self._ready, start)  # the rest of this part's headers is to come
            if end >= 0:
                block = bytes(self._buffer[headers:end])
                self._buffer[headers:end] = utf8_or_underscores(block)
            self._scanned = headers if end < 0 else end


class MultipartHeaderMiddleware:
    """Reads multipart request bodies through PartHeaderRepair; first in MIDDLEWARE, before
    anything parses the body (CSRF, forms)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/") and hasattr(request, "_stream"):
            boundary = _boundary(content_type)
            if boundary:
                request._stream = PartHeaderRepair(request._stream, boundary)
        return self.get_response(request)


def _boundary(content_type: str) -> bytes | None:
    """The boundary of a multipart Content-Type; None when there is none Django would take."""
    try:
        boundary = parse_header_parameters(content_type)[1].get("boundary", "")
    except ValueError:
        return None
    return boundary.encode() if boundary and boundary.isascii() else None
