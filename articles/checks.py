"""System checks (`manage.py check`) for the help center's own settings."""

import re

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

from articles.core.shared_cache import PER_PROCESS_BACKENDS
from articles.search.backends import configuration_error
from articles.support.mail_backends import UNCONFIGURED_BACKEND

RATE = re.compile(r"^\d+/\d*[smhd]$")
LIMITS_PER_PROCESS = "articles.W001"
EMAIL_NOT_DELIVERED = "articles.W008"
# Backends that write each e-mail out (visitors' addresses, private status links)…
EMAIL_WRITTEN_OUT = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)
# …and backends that deliver nothing.
EMAIL_NOT_SENT = (
    UNCONFIGURED_BACKEND,
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
)
EMAIL_HINT = (
    "Set EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and "
    "DEFAULT_FROM_EMAIL) and leave EMAIL_BACKEND unset; see docs/operating.md, 'E-mail'."
)


@register(Tags.caches)
def rate_limits_are_shared(app_configs, **kwargs) -> list[CheckMessage]:
    """A warning when each worker counts rate limits on its own (no REDIS_URL).

    The one-process demo filters this warning out (its counts are exact); every other
    setup sees it, since several gunicorn workers would each allow the full limit.
    """
    if not settings.KB_RATE_LIMIT:
        return []
    cache_name = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(cache_name, {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        Warning(
            "Rate limits are per process: each worker counts on its own, so a client may "
            "send the limit times the number of workers.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so every worker shares the "
            "counters, or KB_RATE_LIMIT=0 to turn the limits off.",
            id=LIMITS_PER_PROCESS,
        )
    ]


@register()
def rate_limits_are_valid(app_configs, **kwargs) -> list[CheckMessage]:
    """An error for a rate that is not "count/period" (e.g. KB_RATE_SEARCH=60/m)."""
    return [
        Error(
            f"Rate limit {name!r} is {rate!r}, which is not a rate.",
            hint=f"Set KB_RATE_{name.upper()} to a count per period, e.g. 60/m, 1000/h, "
            "10/5s (s, m, h or d), or empty to turn this limit off.",
            id="articles.E001",
        )
        for name, rate in settings.KB_RATE_LIMITS.items()
        if rate and not RATE.match(rate)
    ]


@register()
def search_backend_can_run(app_configs, **kwargs) -> list[CheckMessage]:
    """An error when KB_SEARCH_BACKEND names no backend, or one the database cannot run
    (`postgres` without a PostgreSQL DATABASE_URL)."""
    error = configuration_error(vendor=connections["default"].vendor)
    if error is None:
        return []
    return [Error(error, hint="See docs/search.md, 'Search backends'.", id="articles.E002")]


@register(Tags.security, deploy=True)
def email_reaches_visitors(app_configs, **kwargs) -> list[CheckMessage]:
    """`check --deploy` in production (DEBUG off): a warning when e-mail is not delivered
    (visitors get neither the acknowledgement with their status link nor the agents'
    replies), and a louder one when it is written out instead (console, files): each
    visitor's address and private status link would land in the server log."""
    if settings.DEBUG:
        return []
    if settings.EMAIL_BACKEND in EMAIL_WRITTEN_OUT:
        message = (
            f"E-mail is written out by {settings.EMAIL_BACKEND}, not sent: every visitor's "
            "address and private status link goes into the server log or files."
        )
    elif settings.EMAIL_BACKEND in EMAIL_NOT_SENT:
        message = (
            "E-mail is not configured: visitors get no acknowledgement with their status "
            "link and no replies by e-mail, and requests are not forwarded by e-mail."
        )
    else:
        return []
    return [Warning(message, hint=EMAIL_HINT, id=EMAIL_NOT_DELIVERED)]
