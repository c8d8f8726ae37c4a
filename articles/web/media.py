"""Serving uploaded images (WhiteNoise serves static files only, never uploads).

Only names the upload code makes are served — `articles/<32 hex digits>.<png|jpg|webp|gif>`
under MEDIA_ROOT — so nothing else that lands in the media directory (an SVG, an HTML
page, a file put there by hand) can ever be delivered from the site's origin. The name is
the hash of the content: a URL always means the same bytes, so it is cached for a year.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from articles.publishing.images import CONTENT_TYPES, UPLOAD_DIRECTORY

SERVED_NAME = re.compile(
    rf"^{UPLOAD_DIRECTORY}/(?P<digest>[0-9a-f]{{32}})\.(?P<extension>png|jpg|webp|gif)$"
)
# An image is never a document: even opened on its own, it may run nothing and load nothing.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
CACHE_FOREVER = "public, max-age=31536000, immutable"


@require_safe
def serve_media(request: HttpRequest, name: str) -> HttpResponse:
    """`/media/articles/<hash>.<ext>`: the image with its type, cacheable for a year.

    404 for any other name and for a file that is not there; 304 to a browser that sends
    the ETag it already has.
    """
    match = SERVED_NAME.match(name)
    if match is None:
        raise Http404("no such image")
    etag = f'"{match["digest"]}"'
    if etag in request.headers.get("If-None-Match", ""):
        return _with_headers(HttpResponseNotModified(), etag)
    path = settings.MEDIA_ROOT / name
    try:
        handle = path.open("rb")
    except (FileNotFoundError, NotADirectoryError) as error:
        raise Http404("no such image") from error
    response = FileResponse(handle, content_type=CONTENT_TYPES[match["extension"]])
    return _with_headers(response, etag)


def _with_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_FOREVER
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
