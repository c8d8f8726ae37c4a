"""Error answers shared by every view: the 429 of a throttle (RATELIMIT_VIEW)."""

from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.cache import (
    add_never_cache_headers,
)
from django.views.decorators.vary import vary_on_headers

from .. import throttles


@vary_on_headers("Accept-Language", "Cookie")
def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429 for a client over a limit (django-ratelimit's RATELIMIT_VIEW): when to retry.

    `Retry-After` in seconds on every answer; JSON `{"error", "retry_after"}` for the API
    and for scripts asking for JSON; otherwise a page in the visitor's language.
    """
    seconds = getattr(exception, "retry_after", 60)
    message = throttles.too_many_requests_message(seconds)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.path_info.startswith("/api/") or wants_json:
        response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
