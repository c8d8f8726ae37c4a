"""CSRF protection for forms on publicly cached pages: the browser says where a POST
came from, so the page needs no per-visitor token (and no cookie).

Every current browser sends `Sec-Fetch-Site` (Fetch Metadata) and/or `Origin` with a
POST. A POST they mark as coming from this site is accepted; one they mark as coming from
another site is refused (403), as Django's CSRF check would. When a browser sends neither
(very old browsers, some privacy tools), Django's own token check decides, and a request
without a valid token gets `unverified_view`: a private page that asks the visitor to
confirm, with a real CSRF token in its form.
"""

import enum
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt


class Provenance(enum.Enum):
    SAME_ORIGIN = "same-origin"
    CROSS_SITE = "cross-site"
    UNKNOWN = "unknown"


def post_provenance(request: HttpRequest) -> Provenance:
    """Where the browser says this request came from (its Sec-Fetch-Site and Origin)."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return Provenance.SAME_ORIGIN
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        own = f"{request.scheme}://{request.get_host()}"
        trusted = origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
        return Provenance.SAME_ORIGIN if trusted else Provenance.CROSS_SITE
    if request.headers.get("Sec-Fetch-Site") in ("same-site", "cross-site"):
        return Provenance.CROSS_SITE
    return Provenance.UNKNOWN


def _has_valid_csrf_token(request: HttpRequest) -> bool:
    # Django's complete check (token, Referer on HTTPS, the test client's exemption).
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is None


def same_origin_post(
    unverified_view: Callable[..., HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for a POST view whose form sits on a publicly cached page.

    Same origin → the view; another site → 403 (Django's CSRF failure page); unknown →
    the view if Django's CSRF token check passes, else `unverified_view(request, …)`.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt  # checked here instead, by origin first
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            provenance = post_provenance(request)
            if provenance is Provenance.CROSS_SITE:
                failure_view = import_string(settings.CSRF_FAILURE_VIEW)
                return failure_view(request, reason="Origin checking failed.")
            if provenance is Provenance.UNKNOWN and not _has_valid_csrf_token(request):
                return unverified_view(request, *args, **kwargs)
            return view(request, *args, **kwargs)

        return checked

    return decorator
