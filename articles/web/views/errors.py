"""Error answers shared by every view, all in the visitor's language: the 429 of a
throttle (RATELIMIT_VIEW), and the 400 and 500 handlers (kb/urls.py). A JSON client (the
API, the page's own scripts asking for JSON) gets `{"error": …}` instead of a page."""

import logging
from functools import wraps

from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
)
from django.utils.translation import get_language, get_language_bidi, gettext
from django.views import defaults
from django.views.decorators.vary import vary_on_headers

from articles.web import throttles

logger = logging.getLogger(__name__)


def wants_json(request: HttpRequest) -> bool:
    """True for the JSON API and for scripts that asked for JSON (Accept header)."""
    return request.path_info.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


@vary_on_headers("Accept-Language", "Cookie")
def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429 for a client over a limit (django-ratelimit's RATELIMIT_VIEW): when to retry.

    `Retry-After` in seconds on every answer; JSON `{"error", "retry_after"}` for the API
    and for scripts asking for JSON; otherwise a page in the visitor's language.
    """
    seconds = getattr(exception, "retry_after", 60)
    message = throttles.too_many_requests_message(seconds)
    if wants_json(request):
        response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


def visitor_error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """An error a visitor caused (bad input): JSON `{"error": message}` or the 400 page
    showing `message`, with `status`. `message` is already in the active language."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


def _in_path_language(handler):
    """Run an error handler in the language of the request's path (`/ar/…`), if it has one.

    A 400 or 404 may be raised before LocaleMiddleware has activated that language (a bad
    Host header is refused by the first middleware that asks for the host).
    """

    @wraps(handler)
    def localized(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        lang = translation.get_language_from_path(request.path_info)
        if lang is None:
            return handler(request, *args, **kwargs)
        with translation.override(lang):
            return handler(request, *args, **kwargs)

    return localized


@_in_path_language
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: Django's own 400 page is English only; ours is translated."""
    return visitor_error(
        request, 400, gettext("The request could not be understood. Check the address.")
    )


@_in_path_language
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the translated 404 page, or `{"error": …}` for a JSON client."""
    if wants_json(request):
        return JsonResponse(
            {"error": gettext("This page does not exist or has moved.")}, status=404
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a short page in the visitor's language that touches no database.

    Falls back to Django's default page should rendering ours fail too.
    """
    message = gettext("Something went wrong on our side. Please try again in a moment.")
    if wants_json(request):
        return JsonResponse({"error": message}, status=500)
    context = {
        "lang": get_language() or "en",
        "direction": "rtl" if get_language_bidi() else "ltr",
        "home": f"/{get_language() or 'en'}/",
    }
    try:
        return HttpResponse(loader.get_template("500.html").render(context), status=500)
    except Exception:  # noqa: BLE001  (the error page must not fail)
        logger.exception("The 500 page could not be rendered.")
        return defaults.server_error(request, template_name="no-such-500.html")
