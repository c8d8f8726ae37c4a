"""Per-client request limits: how many searches, suggestions and POSTs an address may send.

Counters are django-ratelimit's, kept in Django's cache: shared by every worker and host
when REDIS_URL is set, per process otherwise (`manage.py check` then says so). Limits are
named; `settings.KB_RATE_LIMITS` maps each name to a rate such as "60/m" and is read at
request time, so a test or an operator changes it without touching the code.
`KB_RATE_LIMIT=0` turns every limit off.

| name        | counts                                                       |
| ----------- | ------------------------------------------------------------ |
| `search`    | the results page and `/api/search` together                  |
| `suggest`   | `/api/suggest` (search as you type: generous)                |
| `post`      | every POST, PUT, PATCH or DELETE, whatever the URL           |
| `feedback`  | "Was this helpful?" votes (also counted as POSTs)            |
| `bad_token` | failed API token checks of an address (articles/api/auth.py) |
"""

import ipaddress
import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from articles.core.client_ip import client_ip

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_failure_logged = [0.0]


class Throttled(Ratelimited):
    """A client went over a limit; `retry_after` is the number of seconds until it resets."""

    def __init__(self, retry_after: int, limit: str) -> None:
        super().__init__(f"Over the {limit!r} limit: retry after {retry_after} s.")
        self.retry_after = retry_after
        self.limit = limit


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the client address; an IPv6 address counts for its whole /64.

    One household or phone gets a /64, and rotating through it must not evade the limit.
    """
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def retry_after(request: HttpRequest, limit: str, *, key: str | None = None) -> int | None:
    """Count this request against `limit`; seconds to wait when it is over, else None.

    Counted per client address, or per `key` when given (an API token's). None too when
    limits are off (KB_RATE_LIMIT=0), the limit is unset or empty, or the cache cannot
    count (a Redis outage must not turn the help center off: logged, allowed).
    """
    usage = _usage(request, limit, key=key, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


def used_up(request: HttpRequest, limit: str) -> int | None:
    """Seconds to wait when the client address has already used all of `limit` in this
    window, else None; this request is not counted (see `retry_after` for the Nones).

    For a check that must refuse before doing costly work whose outcome decides whether
    the request counts at all (a failed API token check counts; a valid one does not).
    """
    usage = _usage(request, limit, key=None, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(1, int(usage["time_left"]))


def _usage(request: HttpRequest, limit: str, *, key: str | None, increment: bool) -> dict | None:
    """django-ratelimit's usage of `limit` ({"count", "limit", "should_limit",
    "time_left"}), or None when there is nothing to count or the cache cannot count."""
    rate = settings.KB_RATE_LIMITS.get(limit) if settings.KB_RATE_LIMIT else None
    if not rate:
        return None
    try:
        return get_usage(
            request,
            group=f"kb:{limit}",
            key=ratelimit_key if key is None else (lambda _group, _request: key),
            rate=rate,
            increment=increment,
        )
    except Exception as error:  # noqa: BLE001  (the cache is down: serve, do not count)
        _log_failure(error)
        return None


def _log_failure(error: Exception) -> None:
    now = time.monotonic()
    if now - _failure_logged[0] >= 60:
        _failure_logged[0] = now
        logger.error("Rate limits not counted (cache unavailable): %s", error)


# Request attributes shared with the page cache: the limit a view counted the request
# against, and (limit, wait) of a request the page cache already counted.
LIMITED_BY = "_kb_limited_by"
COUNTED = "_kb_counted"


def count_request(request: HttpRequest, limit: str) -> int | None:
    """Count `request` against `limit` once; seconds to wait when over it, else None.

    The page cache counts a request it could answer before the view runs (page_cache.py):
    that count is reused, not repeated. The view's limit is noted on the request, so a
    cached copy of its answer counts against the same limit.
    """
    counted = request.__dict__.pop(COUNTED, None)
    wait = counted[1] if counted and counted[0] == limit else retry_after(request, limit)
    request.__dict__[LIMITED_BY] = limit
    return wait


def throttle(limit: str) -> Callable:
    """View decorator: over `limit`, answer 429 (settings.RATELIMIT_VIEW) instead."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def throttled_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            wait = count_request(request, limit)
            if wait is not None:
                raise Throttled(wait, limit)
            return view(request, *args, **kwargs)

        return throttled_view

    return decorator


class PostThrottleMiddleware:
    """Every request that can write (POST, PUT, PATCH, DELETE) counts against `post`.

    Placed after LocaleMiddleware (the 429 page is in the visitor's language) and before
    CsrfViewMiddleware (a flood of forged POSTs is counted too).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            wait = retry_after(request, "post")
            if wait is not None:
                return import_string(settings.RATELIMIT_VIEW)(request, Throttled(wait, "post"))
        return self.get_response(request)


def retry_message(seconds: int) -> str:
    """When to retry, in seconds up to 90, else in minutes, in the active language."""
    if seconds <= 90:
        return ngettext(
            "Please try again in %(count)d second.",
            "Please try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Please try again in %(count)d minute.",
        "Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def too_many_requests_message(seconds: int) -> str:
    """The whole explanation of a 429, in the active language."""
    return f"{gettext('You sent many requests in a short time.')} {retry_message(seconds)}"
