"""Site-wide response policies: remember the visitor's language; cache headers."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

from .schedules import cache_seconds


class RememberLanguageMiddleware:
    """Set the language cookie when a page is viewed in a language other than the cookie's.

    The language switcher is then plain links (cacheable, no form, works without
    JavaScript), and the choice sticks for the next visit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        lang = get_language_from_path(request.path_info)
        if (
            lang
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != lang
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                lang,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def cache_directives(response: HttpResponse) -> set[str]:
    """The directive names of a response's Cache-Control header: {"public", "max-age"}."""
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in header.split(",") if part.strip()}


class PublicCacheMiddleware:
    """Public pages are cacheable for a short while; with validators, repeats are 304s.

    Anonymous GETs of /<lang>/… pages get `Cache-Control: public, max-age=KB_PAGE_MAX_AGE`,
    and no public response (pages, API) may be kept past the next publication boundary
    (an article appearing or disappearing): its max-age is cut to the time left.
    A response that sets a cookie or is for a signed-in user stays private. The language is
    part of every page URL; responses that depend on Accept-Language (`/`, `/a/<id>/`,
    the API without `lang`) declare `Vary: Accept-Language` themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and get_language_from_path(request.path_info)
        ):
            if request.user.is_authenticated or response.cookies:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=settings.KB_PAGE_MAX_AGE)
        if "public" in cache_directives(response):
            # patch_cache_control keeps the smaller of the two max-ages.
            patch_cache_control(response, max_age=cache_seconds(settings.KB_PAGE_MAX_AGE))
        return response
