"""What a CDN or reverse proxy in front of the site may keep, and when it must drop it.

Public responses (middleware.py) get, for shared caches only (`s-maxage`; browsers keep
`max-age`):
- without KB_CACHE_PURGE_URLS: `s-maxage=1`. A proxy in front answers a spike with one
  request a second per page and language to us, and nothing it serves is more than a
  second older than what we would answer (a saved change is everywhere within a second);
- with KB_CACHE_PURGE_URLS (the proxy accepts our purge, docs/operating.md):
  `s-maxage=KB_SHARED_MAX_AGE, stale-while-revalidate=KB_STALE_WHILE_REVALIDATE`, and
  every committed content change purges the whole proxy cache (any change may alter any
  listing, result page or article): a `PURGE` request to each URL, sent by a background
  thread right after the commit and once more KB_PURGE_REPEAT_SECONDS later, so results
  computed between the commit and the search index applying it do not stay.
Either way, no shared cache keeps a public response past the next publication boundary
(an article appearing or disappearing at its scheduled time): `s-maxage` is cut to the
time left, and `stale-while-revalidate` is left out when it would reach past it.

Crash window: a purge not sent (this process dies within a second of a commit, or the
proxy does not answer: logged) leaves the proxy's copies until their `s-maxage` ends.
"""

import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)
PURGE_TIMEOUT_SECONDS = 2.0


def shared_cache_directives(seconds_left: float | None) -> dict[str, int]:
    """`s-maxage` (and `stale-while-revalidate`) for a public response, per the module
    docstring, as patch_cache_control's keywords: {"s_maxage": 1}. `seconds_left` is the
    time to the next publication boundary (None: none)."""
    if settings.KB_CACHE_PURGE_URLS:
        shared, stale = settings.KB_SHARED_MAX_AGE, settings.KB_STALE_WHILE_REVALIDATE
    else:
        shared, stale = 1, 0
    if seconds_left is not None:
        if shared + stale > seconds_left:
            stale = 0
        shared = min(shared, int(seconds_left))
    directives = {"s_maxage": shared}
    if stale:
        directives["stale_while_revalidate"] = stale
    return directives


class Purger:
    """Purges the proxies of KB_CACHE_PURGE_URLS from a daemon thread: `request()` never
    waits on the network. Requests made while a purge is under way are served by one
    more purge, not one each (a save touches many rows)."""

    def __init__(self) -> None:
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Purge soon, and again KB_PURGE_REPEAT_SECONDS later."""
        if not settings.KB_CACHE_PURGE_URLS:
            return
        self._wanted.set()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="cache-purge", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            purge_all()
            # Results computed before the search index applied the change may have been
            # fetched by the proxy since: drop them too (unless another change came, whose
            # own purge does it).
            if not self._wanted.wait(timeout=settings.KB_PURGE_REPEAT_SECONDS):
                purge_all()


def purge_all() -> int:
    """Send `PURGE` to every URL of KB_CACHE_PURGE_URLS; the number that answered 2xx.
    A proxy that fails is logged (with its URL), never raised."""
    purged = 0
    for url in settings.KB_CACHE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={"X-Purge-Scope": "all"})  # noqa: S310  (operator-set URL)
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:  # noqa: S310
                purged += 200 <= answer.status < 300
        except (OSError, urllib.error.URLError) as error:
            logger.error(
                "Could not purge the HTTP cache at %s (KB_CACHE_PURGE_URLS): %s", url, error
            )
    return purged


purger = Purger()
