"""Site-wide response policy: what may be cached, and by whom."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path

from articles.publishing.schedules import seconds_to_next_boundary
from articles.web.shared_caches import shared_cache_directives


def cache_directives(response: HttpResponse) -> set[str]:
    """The directive names of a response's Cache-Control header: {"public", "max-age"}."""
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in header.split(",") if part.strip()}


class PublicCacheMiddleware:
    """Pages visitors read are cacheable by shared caches; nothing that sets a cookie is.

    Anonymous GETs of /<lang>/… pages get `Cache-Control: public, max-age=KB_PAGE_MAX_AGE`
    (also on their 304s). Any response that sets a cookie — CSRF token, session, language,
    messages, whatever sets it — is made `private, no-cache`, even when its view declared
    it public: a shared cache must never hand one visitor's cookie to everyone. It sits
    above every cookie-setting middleware in MIDDLEWARE so that it sees their cookies.

    The language is part of every page URL; responses that depend on Accept-Language
    (`/`, `/a/<id>/`, the API without `lang`) declare `Vary: Accept-Language` themselves.
    No public response (pages, API) is kept past the next publication boundary (an
    article appearing or disappearing): its max-age is cut to the time left. Shared caches
    (a CDN, Varnish, nginx) get their own `s-maxage` (shared_caches.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.cookies:
            _make_private(response)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 304)
            and not response.has_header("Cache-Control")
            and get_language_from_path(request.path_info)
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                # The response has no Cache-Control (checked above): written at once.
                response["Cache-Control"] = f"public, max-age={settings.KB_PAGE_MAX_AGE}"
                # Signed-in staff and voters (their answer is on the page) send cookies:
                # they must not be served the copy made for cookieless visitors.
                patch_vary_headers(response, ("Cookie",))
        directives = cache_directives(response)
        if "public" in directives and not request.path_info.startswith(settings.MEDIA_URL):
            # Anything public may list articles: kept no later than the next publication
            # boundary (uploaded images are immutable bytes named by their hash: exempt).
            # patch_cache_control keeps the smaller of the two max-ages.
            remaining = seconds_to_next_boundary()
            changes = {} if remaining is None else {"max_age": int(remaining)}
            if "s-maxage" not in directives:
                changes.update(shared_cache_directives(remaining))
            if changes:
                patch_cache_control(response, **changes)
        return response


def _make_private(response: HttpResponse) -> None:
    if response.has_header("Cache-Control"):
        kept = [
            directive.strip()
            for directive in response["Cache-Control"].split(",")
            if directive.strip().split("=")[0].lower() not in ("public", "s-maxage", "max-age")
        ]
        response["Cache-Control"] = ", ".join(kept)
        if not kept:
            del response["Cache-Control"]
    patch_cache_control(response, private=True, no_cache=True)
