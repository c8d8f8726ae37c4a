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

from . import page_cache, search
from .models import Category, article_path, column, short_path
from .search.search_log import replay_fields
from .search_request import InvalidSearchRequest, SearchRequest, parse_search_request
from .throttles import throttle

SEARCH_LIMITS = {"default_limit": 10, "max_limit": 50}
SUGGEST_LIMITS = {"default_limit": 8, "max_limit": 20}


def _search_request(request: HttpRequest, limits: dict[str, int]) -> SearchRequest:
    """The request's search parameters; without `lang`, the visitor's language."""
    return parse_search_request(
        request.GET, default_lang=get_language_from_request(request), **limits
    )


def _bad_request(error: InvalidSearchRequest) -> JsonResponse:
    return JsonResponse({"error": str(error), "parameter": error.parameter}, status=400)


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
        params = _search_request(request, SEARCH_LIMITS)
    except InvalidSearchRequest as error:
        return _bad_request(error)
    lang = params.lang
    results = search.search(params.query, lang, page=params.page, per_page=params.limit)
    if results.query:  # a search answered from the page cache is logged too
        page_cache.on_hit(
            request, "articles.search.search_log.record_replayed", **replay_fields(results)
        )
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
        params = _search_request(request, SUGGEST_LIMITS)
    except InvalidSearchRequest as error:
        return _bad_request(error)
    lang = params.lang
    suggestions = search.suggest(params.query, lang, limit=params.limit)
    return JsonResponse(
        {
            "query": search.normalize_query(params.query),
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
