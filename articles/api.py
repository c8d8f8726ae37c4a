"""JSON endpoints for support tools and search-as-you-type.

Everything a client can send gets a JSON answer: results, or a 400 whose `error` names
the problem. Nothing a visitor types is ever a 500.
"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from . import search
from .models import Category, article_path, column, language_codes, short_path
from .throttles import throttle

MAX_QUERY_LENGTH = 500  # characters; longer is not a question, it is a paste
MAX_LIMIT = 50


class BadRequest(Exception):
    pass


def _query(request: HttpRequest) -> str:
    q = request.GET.get("q")
    if q is None or not q.strip():
        raise BadRequest("Missing query: pass the search text as ?q=…")
    if len(q) > MAX_QUERY_LENGTH:
        raise BadRequest(f"Query too long: at most {MAX_QUERY_LENGTH} characters.")
    return q


def _language(request: HttpRequest) -> str:
    lang = request.GET.get("lang")
    if lang is None or lang == "":
        return get_language_from_request(request)
    if lang not in language_codes():
        raise BadRequest(
            f"Unknown language {lang[:20]!r}: use one of {', '.join(sorted(language_codes()))}."
        )
    return lang


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}.") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}.")
    return value


def _bad_request(error: BadRequest) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=400)


def _category_names(lang: str) -> dict[str, str]:
    own = column("name", lang)
    return {
        category.slug: getattr(category, own) or category.name_en
        for category in Category.objects.only("slug", own, "name_en")
    }


API_CACHE = {"public": True, "max_age": 30}


@require_GET
@throttle("search")
@cache_control(**API_CACHE)
@vary_on_headers("Accept-Language")
def api_search(request: HttpRequest) -> JsonResponse:
    try:
        q = _query(request)
        lang = _language(request)
        limit = _int(request, "limit", 10, 1, MAX_LIMIT)
        page = _int(request, "page", 1, 1, 1000)
    except BadRequest as error:
        return _bad_request(error)
    results = search.search(q, lang, page=page, per_page=limit)
    names = _category_names(lang)
    payload = {
        "query": results.query,
        "lang": lang,
        "total": results.total,
        "corrected_query": results.corrected_query,
        "results": [
            {
                "id": hit.article_id,
                "slug": hit.slug,
                "lang": hit.lang,
                "title": hit.title,
                "snippet": hit.snippet,
                "url": request.build_absolute_uri(article_path(hit.slug, lang)),
                "short_url": request.build_absolute_uri(short_path(hit.article_id, lang)),
                "category": {"slug": hit.category, "name": names.get(hit.category, hit.category)},
                "fallback": results.fallback,
            }
            for hit in results.hits
        ],
    }
    if results.degraded:
        payload["degraded"] = True
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
@throttle("suggest")
@cache_control(**API_CACHE)
@vary_on_headers("Accept-Language")
def api_suggest(request: HttpRequest) -> JsonResponse:
    try:
        q = _query(request)
        lang = _language(request)
        limit = _int(request, "limit", 8, 1, 20)
    except BadRequest as error:
        return _bad_request(error)
    suggestions = search.suggest(q, lang, limit=limit)
    return JsonResponse(
        {
            "query": search.normalize_query(q),
            "lang": lang,
            "suggestions": [
                {
                    "id": hit.article_id,
                    "slug": hit.slug,
                    "title": hit.title,
                    "url": article_path(hit.slug, lang),
                }
                for hit in suggestions
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the index is present and in step, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # noqa: BLE001  (reported, not raised: this is the health check)
        database = False
    index = search.health() if database else {"ok": False, "error": "database unreachable"}
    ok = database and index["ok"]
    return JsonResponse({"ok": ok, "database": database, "index": index}, status=200 if ok else 503)
