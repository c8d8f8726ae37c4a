"""HTML and JSON compressed where that cannot leak a secret (BREACH).

BREACH recovers a secret from the size of a compressed response that also reflects what
an attacker sends (a search query does). So a response is compressed only when it holds
no secret of anyone's:
- the request carried no Cookie and no Authorization header (no session, no CSRF
  cookie, no visitor token, no API token: nothing the page could echo back);
- the response sets no cookie, rendered no CSRF token (CSRF_COOKIE_NEEDS_UPDATE), and is
  `Cache-Control: public` — the pages anyone gets the same way (middleware.py).
Everything else (the admin, forms with a CSRF token, a signed-in agent's pages, private
status links) goes out uncompressed. Static files are compressed in advance
(static_files.py) and served by WhiteNoise before this middleware.
"""

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

from articles.web.middleware import cache_directives


def holds_no_secret(request: HttpRequest, response: HttpResponse) -> bool:
    """True when `response` may be compressed under the rule of the module docstring."""
    return (
        not request.META.get("HTTP_COOKIE", "").strip()
        and not request.META.get("HTTP_AUTHORIZATION")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "public" in cache_directives(response)
    )


class PublicCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the responses `holds_no_secret` allows only. Sits
    above PublicCacheMiddleware (it reads the Cache-Control that one decides) and below
    WhiteNoise (static files come compressed already)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not holds_no_secret(request, response):
            return response
        return super().process_response(request, response)
