"""Visitors' pages served from the shared cache, invalidated the moment content changes.

During an incident thousands of visitors read the same few articles: rendering each page
once per content version instead of once per visit is what keeps the site fast then.

What is cached: a GET of a `/<lang>/…` page (or of CACHED_API_PATHS), by a client that
sends no cookie and no Authorization header, answered 200 without a cookie and without a
`private`, `no-cache` or `no-store` Cache-Control (the responses that are public anyway).
Staff (signed in: a session cookie), voters (a visitor cookie) and anyone else with a
cookie always get a fresh page and never fill the cache. A hit still counts against the
rate limit its view counts against (throttles.py), and runs the view's `on_hit` actions
(an article view, a search-log line).

Freshness: each entry's key holds
- the content version (models/content_version.py), bumped in the transaction of any
  change to any model of the articles app (signals.py; `NOT_CONTENT` lists the
  analytics models that change no page), so after a commit no worker or host reads an
  entry made before it — every process rereads the version at least every
  VERSION_RECHECK_SECONDS, and the saving process at once; on an article page, its
  structure and topic versions instead (page_versions.py: an edit confined to one
  topic's articles leaves the other topics' article pages cached);
- on pages that show search results (`reads_the_index`), the search index version, so
  results computed between a save's commit and its index update are not read after
  that update (and those results already leave out what the update takes off the
  site: search/unapplied.py);
- the next publication boundary (schedules.py), so an entry made before an article
  appears or disappears is never read after that moment;
and an entry lives at most KB_PAGE_MAX_AGE seconds (listings such as popular articles
change with views and votes, which bump nothing).

Where: the `pages` cache (Redis with REDIS_URL, shared by every worker and host; else a
bounded local memory per process). A cache that does not answer is treated as empty.
"""

import gzip
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

from articles.core.shared_cache import PAGE_CACHE_ALIAS, cache_get, cache_set
from articles.models.content_version import (
    bump_content_version,
    current_content_version,
)
from articles.models.content_version import (  # named here too for the page cache's callers
    forget_content_version as forget_content_version,
)
from articles.publishing import schedules
from articles.search import get_index
from articles.web import page_versions, throttles
from articles.web.coalescing import RequestCoalescer
from articles.web.shared_caches import purger

# Models of the articles app whose changes no visitor's page shows (analytics, the change
# log of the search index, this counter itself; the index version in every key follows
# the change log). Any other model, new ones included, bumps the content version.
NOT_CONTENT = {
    "articlefeedback",
    "searchlog",
    "indexchange",
    "contentversion",
    "topicversion",
    "sourcedraft",  # a draft changes no page until it is published (an Article save)
    "editorpresence",
    # Live help's waiting data: shown only on the chat's pages, which are never cached
    # (an agent's heartbeat must not empty the page cache every few seconds).
    "agentpresence",
    "chatschedule",
    "chathours",
    "chathoursexception",
    "chatdeflection",
    "chatbyemail",
    "chatclaim",
    # Conversations: shown only on private pages (no-store: the visitor's private link, the
    # chat, My requests) and to signed-in agents, never from this cache; at 200 open chats
    # a message a second each would otherwise make every visitor's page a miss.
    "contactrequest",
    "contactmessage",
    "contactattachment",
    "linkusage",  # agents' copied links: counted for the desk's analytics only
}
# Vary headers a cached page may have: the cached pages are cookieless, and one
# Accept-Language variant is kept per URL (checked on reading).
ALLOWED_VARY = {"cookie", "accept-language"}
NOT_SHARED = {"private", "no-cache", "no-store"}
# Public JSON answers cached like pages (they vary on Accept-Language without `lang`).
CACHED_API_PATHS = ("/api/search", "/api/suggest")
SEARCH_PAGE = "search/"  # /<lang>/search/: the results page (articles/urls.py)

# The content version lives in models/content_version.py (search reads it too).
content_version = current_content_version


def is_content(model: type) -> bool:
    """True when visitors may see what rows of `model` hold (signals.py connects these)."""
    meta = model._meta
    return meta.app_label == "articles" and meta.model_name not in NOT_CONTENT


def model_changed(model: type, instance=None, *, created: bool = False, deleted: bool = False):
    """A row of `model` (`instance`, when known) was saved (`created`: inserted) or deleted:
    bump the versions if visitors may see it — only its topics' article pages when the
    change is confined to them (page_versions.py) — and once committed, purge the HTTP
    caches in front (shared_caches.py)."""
    if is_content(model):
        changed = page_versions.changed_topics(model, instance, created=created, deleted=deleted)
        bump_content_version(changed)
        transaction.on_commit(purger.request)


def on_hit(request: HttpRequest, action: str, **kwargs) -> None:
    """Ask that `action` (a dotted path to a function) be called with `kwargs` each time
    this page is served from the cache too, e.g. counting an article view. The kwargs
    must be picklable."""
    actions = request.__dict__.setdefault("_page_cache_on_hit", [])
    actions.append((action, kwargs))


class CachedPage:
    """What is kept of a response: status, headers, gzipped body, actions on a hit.

    The body is kept gzipped, as browsers take it: a hit for a client that accepts gzip is
    sent as it is (no decompressing, no compressing per hit). Every cached page is
    compressible under compression.py's rule: its request sent no cookie and no
    Authorization, and it set no cookie (so it rendered no CSRF token).
    """

    def __init__(self, response: HttpResponse, accept_language: str | None, actions: list,
                 limit: str | None = None) -> None:  # fmt: skip
        self.status = response.status_code
        self.body = gzip.compress(response.content, compresslevel=6, mtime=0)
        patch_vary_headers(response, ("Accept-Encoding",))  # as compression.py's would
        self.headers = list(response.headers.items())
        self.accept_language = accept_language  # None: the page does not vary on it
        self.actions = actions
        self.limit = limit  # the rate limit (throttles.py) its view counts requests against

    def response(self, accepts_gzip: bool = False) -> HttpResponse:
        """The response again: gzipped (`Content-Encoding: gzip`, a weak ETag, as Django's
        GZipMiddleware would make it) when the client accepts gzip, else plain."""
        body = self.body if accepts_gzip else gzip.decompress(self.body)
        response = HttpResponse(body, status=self.status)
        headers = response.headers
        for name, value in self.headers:
            headers[name] = value
        if accepts_gzip:
            headers["Content-Encoding"] = "gzip"
            etag = headers.get("ETag")
            if etag and not etag.startswith("W/"):
                headers["ETag"] = f"W/{etag}"
            headers["Content-Length"] = str(len(body))
        return response


renders = RequestCoalescer()


class PageCacheMiddleware:
    """Serves and fills the page cache (module docstring). Sits just below
    PublicCacheMiddleware, above the session, locale, CSRF and authentication
    middleware: a hit skips them all and still gets the public Cache-Control, the
    security headers and the max-age cap at the next publication boundary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = page_key(request) if _eligible(request) else None
        if key is None:
            return self.get_response(request)
        accept_language = request.headers.get("Accept-Language", "")
        response = self._from_cache(request, key, accept_language)
        if response is not None:
            return response
        # Threads of this process missing the same page together render it once.
        with renders.first_or_wait(key) as first:
            response = None if first else self._from_cache(request, key, accept_language)
            if response is None:
                response = self.get_response(request)
                self._store(request, key, response, accept_language)
        return response

    def _from_cache(self, request: HttpRequest, key: str, accept_language: str):
        """The answer to a request whose page is cached, or None on a miss."""
        entry = cache_get(key, alias=PAGE_CACHE_ALIAS)
        if not isinstance(entry, CachedPage) or entry.accept_language not in (
            None,
            accept_language,
        ):
            return None
        # A cached page still counts against its view's rate limit; over it, the whole
        # stack answers (the view's 429, in the visitor's language).
        wait = throttles.retry_after(request, entry.limit) if entry.limit else None
        if wait is None:
            return _serve(request, entry)
        request.__dict__[throttles.COUNTED] = (entry.limit, wait)
        return self.get_response(request)

    @staticmethod
    def _store(
        request: HttpRequest, key: str, response: HttpResponse, accept_language: str
    ) -> None:
        if request.method == "GET" and _storable(response):
            varies = _vary(response)
            page = CachedPage(
                response,
                accept_language if "accept-language" in varies else None,
                request.__dict__.get("_page_cache_on_hit", []),
                request.__dict__.get(throttles.LIMITED_BY),
            )
            timeout = schedules.cache_seconds(settings.KB_PAGE_MAX_AGE)
            if timeout > 0:
                cache_set(key, page, timeout, alias=PAGE_CACHE_ALIAS)


def _eligible(request: HttpRequest) -> bool:
    path = request.path_info
    return (
        settings.KB_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.META.get("HTTP_COOKIE", "").strip()
        and not request.META.get("HTTP_AUTHORIZATION")
        and (path in CACHED_API_PATHS or bool(get_language_from_path(path)))
    )


def reads_the_index(request: HttpRequest) -> bool:
    """Whether this page shows what the search index holds: result pages and the search
    and suggestion API. Other pages (articles, topics, home) come from the database
    alone, so neither a save's index update nor a merge of segments empties them."""
    path = request.path_info
    lang = get_language_from_path(path)
    return path in CACHED_API_PATHS or (lang is not None and path == f"/{lang}/{SEARCH_PAGE}")


def _index_version(request: HttpRequest) -> object:
    if not reads_the_index(request):
        return ""
    try:
        # A save commits (content version) before its index update is applied: results
        # computed in between must not outlive that update.
        return get_index().version()
    except Exception:  # noqa: BLE001  (any failure to read it)
        # No index: search reads the database (degraded mode), which the content
        # version follows; the index coming back changes the key.
        return "unavailable"


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page now, or None when a version is unknown."""
    version = content_version()
    index_version = _index_version(request)
    if version is None:
        return None
    upcoming = schedules.next_boundary()
    stamp = upcoming.timestamp() if upcoming else ""
    page = f"{index_version}:{stamp}:{request.build_absolute_uri()}"
    # An article page follows its topic's versions; any other page the content version.
    versions = page_versions.article_page_versions(request.path_info) or version
    return f"kb:page3:{versions}:{hashlib.sha1(page.encode(), usedforsecurity=False).hexdigest()}"


def _vary(response: HttpResponse) -> set[str]:
    return {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    return not directives & NOT_SHARED and _vary(response) <= ALLOWED_VARY


def _serve(request: HttpRequest, entry: CachedPage) -> HttpResponse:
    for action, kwargs in entry.actions:
        import_string(action)(**kwargs)
    accepts_gzip = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
    response = entry.response(accepts_gzip)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
