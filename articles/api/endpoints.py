"""JSON endpoints for support tools and search-as-you-type, and their OpenAPI description.

The `/api/` endpoints are django-ninja operations: their paths, parameters and answers
(articles/api/schemas.py) generate `/api/openapi.json`, so the description cannot drift
from the code. Each operation still builds its answer itself and returns a JsonResponse,
byte for byte what DESIGN.md promises; ninja only routes and describes. Limits, cache
headers and tokens are the same plain Django decorators as before (`decorate_view`).

Everything a client can send gets a JSON answer: results, or a 4xx whose `error` names
the problem. Nothing a visitor types is ever a 500.
"""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers
from ninja import NinjaAPI
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.security import HttpBearer

from articles import search
from articles.api import parameters as params
from articles.api import schemas as shapes
from articles.api.articles import article_changes, article_payload
from articles.api.auth import api_throttle
from articles.models import Article, Category, article_path, column, short_path
from articles.publishing import schedules
from articles.search.request import (
    InvalidSearchRequest,
    SearchRequest,
    parse_language,
    parse_query,
    parse_search_request,
    parse_whole_number,
)
from articles.search.search_log import replay_fields
from articles.translations import localization
from articles.web import page_cache

API_CACHE = {"public": True, "max_age": 30}
# Answers the same for everyone: proxies may keep them a little (per language asked).
# decorate_view wraps in order, so the last decorator listed (api_throttle) is outermost:
# it refuses before anything runs, and makes answers to a token private after.
PUBLIC_JSON = (cache_control(**API_CACHE), vary_on_headers("Accept-Language"))
ERRORS = {400: shapes.ApiError, 401: shapes.ApiError, 429: shapes.Throttled}
JSON_OPTIONS = {"json_dumps_params": {"ensure_ascii": False}}


class ApiTokenAuth(HttpBearer):
    """Documents the optional `Authorization: Bearer <token>` in the OpenAPI description.

    The token is checked before (articles/api/auth.py, which answers 401 for a bad one);
    here every request passes, with its token or anonymously.
    """

    def __call__(self, request: HttpRequest):
        return getattr(request, "api_token", None) or "anonymous"

    def authenticate(self, request: HttpRequest, token: str):
        return token


api = NinjaAPI(
    title="Help center API",
    version="1",
    description=(
        "Search and read the help center's articles from help-desk tools. Anonymous calls "
        "are limited per address; send `Authorization: Bearer <token>` (issued by editors "
        "in the admin) for a higher limit."
    ),
    urls_namespace="api",
    docs_url=None,  # the interactive viewer loads scripts from a CDN: not served here
    auth=[ApiTokenAuth()],
)
# Anonymous or with a token: both are allowed (the empty requirement means "none").
OPTIONAL_TOKEN = {"security": [{}]}


@api.exception_handler(ValidationError)
def invalid_parameter(request: HttpRequest, error: ValidationError) -> JsonResponse:
    """A required parameter missing (or a path id ninja could not read): 400 naming it,
    like every other bad request, instead of ninja's 422."""
    location = error.errors[0].get("loc", ()) if error.errors else ()
    name = str(location[-1]) if location else ""
    message = _("%(name)s is missing or not valid.") % {"name": name}
    if name == "q":  # the same words as on every other surface
        try:
            parse_query(None, required=True)
        except InvalidSearchRequest as missing:
            message = str(missing)
    return JsonResponse({"error": message, "parameter": name}, status=400)


def _search_request(request: HttpRequest, values: dict, limits: dict[str, int]) -> SearchRequest:
    """The request's search parameters; without `lang`, the visitor's language."""
    present = {name: value for name, value in values.items() if value is not None}
    return parse_search_request(
        present,
        default_lang=get_language_from_request(request),
        blank_is_default=False,  # the document says "an integer": empty is not one
        **limits,
    )


def _bad_request(error: InvalidSearchRequest) -> JsonResponse:
    return JsonResponse({"error": str(error), "parameter": error.parameter}, status=400)


def _category_names(lang: str) -> dict[str, str]:
    own = column("name", lang)
    return {
        category.slug: getattr(category, own) or category.name_en
        for category in Category.objects.only("slug", own, "name_en")
    }


def _search_hit(
    request: HttpRequest, hit, lang: str, names: dict, fallback: bool, outdated: set[int]
) -> dict:
    """One result of `/api/search` (DESIGN.md's keys); `outdated`: ids of articles whose
    `lang` translation was made from an older version of the English."""
    return {
        "id": hit.article_id,
        "slug": hit.slug,
        "lang": hit.lang,
        "title": hit.title,
        "snippet": hit.snippet,
        "url": request.build_absolute_uri(article_path(hit.slug, lang)),
        "short_url": request.build_absolute_uri(short_path(hit.article_id, lang)),
        "category": {"slug": hit.category, "name": names.get(hit.category, hit.category)},
        "fallback": fallback or hit.fallback,
        # The translation was made from an older version of the English text.
        "outdated": hit.lang == lang and hit.article_id in outdated,
    }


@api.get(
    "/search",
    response={200: shapes.SearchAnswer, **ERRORS},
    url_name="search",
    operation_id="search",
    summary="Search published articles",
    openapi_extra=OPTIONAL_TOKEN,
)
@decorate_view(*PUBLIC_JSON, api_throttle("search"))
def api_search(
    request: HttpRequest,
    q: params.QueryText,
    lang: params.Language = None,
    limit: params.SearchLimit = None,
    page: params.Page = None,
):
    """Articles matching `q` in `lang` (a BCP 47 tag; default: Accept-Language), best
    first; `limit` 1–50 per page (default 10), `page` from 1."""
    try:
        asked = _search_request(
            request, {"q": q, "lang": lang, "limit": limit, "page": page}, params.SEARCH_LIMITS
        )
    except InvalidSearchRequest as error:
        return _bad_request(error)
    lang = asked.lang
    results = search.search(asked.query, lang, page=asked.page, per_page=asked.limit, source="api")
    if results.query:  # a search answered from the page cache is logged too
        page_cache.on_hit(
            request,
            "articles.search.search_log.record_replayed",
            **replay_fields(results, source="api"),
        )
    names = _category_names(lang)
    outdated = localization.outdated_articles([hit.article_id for hit in results.hits], lang)
    payload = {
        "query": results.query,
        "lang": lang,
        "total": results.total,
        "corrected_query": results.corrected_query,
        "results": [
            _search_hit(request, hit, lang, names, results.fallback, outdated)
            for hit in results.hits
        ],
    }
    if results.degraded:
        payload["degraded"] = True
    return JsonResponse(payload, **JSON_OPTIONS)


@api.get(
    "/suggest",
    response={200: shapes.SuggestAnswer, **ERRORS},
    url_name="suggest",
    operation_id="suggest",
    summary="Title suggestions while typing",
    openapi_extra=OPTIONAL_TOKEN,
)
@decorate_view(*PUBLIC_JSON, api_throttle("suggest"))
def api_suggest(
    request: HttpRequest,
    q: params.QueryText,
    lang: params.Language = None,
    limit: params.SuggestLimit = None,
):
    """Titles of published articles for what was typed so far (`limit` 1–20, default 8)."""
    try:
        asked = _search_request(
            request, {"q": q, "lang": lang, "limit": limit}, params.SUGGEST_LIMITS
        )
    except InvalidSearchRequest as error:
        return _bad_request(error)
    lang = asked.lang
    suggestions = search.suggest(asked.query, lang, limit=asked.limit)
    return JsonResponse(
        {
            "query": search.normalize_query(asked.query),
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
        **JSON_OPTIONS,
    )


@api.get(
    "/articles/{int:article_id}",
    response={200: shapes.ArticleAnswer, 404: shapes.ApiError, **ERRORS},
    url_name="article",
    operation_id="getArticle",
    summary="One published article in a language",
    openapi_extra=OPTIONAL_TOKEN,
)
@decorate_view(*PUBLIC_JSON, api_throttle("search"))
def api_article(request: HttpRequest, article_id: int, lang: params.Language = None):
    """The article in `lang` (default: Accept-Language); English with `fallback` true when
    that language has no published translation. 404 when no such article is visible."""
    try:
        lang = parse_language(lang, default=get_language_from_request(request))
    except InvalidSearchRequest as error:
        return _bad_request(error)
    schedules.next_boundary()  # an English draft whose time has come is published first
    article = Article.objects.published().select_related("category").filter(pk=article_id)
    found = article.first()
    if found is None:
        return JsonResponse(
            {"error": _("No published article has the id %(id)d.") % {"id": article_id}},
            status=404,
        )
    return JsonResponse(article_payload(request, found, lang), **JSON_OPTIONS)


@api.get(
    "/articles",
    response={200: shapes.ChangesAnswer, **ERRORS},
    url_name="article_changes",
    operation_id="listArticleChanges",
    summary="Articles changed since a time",
    openapi_extra=OPTIONAL_TOKEN,
)
@decorate_view(cache_control(private=True, max_age=0), api_throttle("search"))
def api_article_changes(
    request: HttpRequest,
    changed_since: params.ChangedSince,
    after_id: params.AfterId = None,
    limit: params.ChangesLimit = None,
):
    """Every article changed after `changed_since` (RFC 3339): published, hidden (draft,
    scheduled, expired) or deleted, oldest first, `limit` (1–500, default 100) a page;
    follow `next` until it is null."""
    try:
        since = params.parse_changed_since(changed_since)
        after = parse_whole_number(after_id, name="after_id", default=None, low=0,
                                   high=params.MAX_ID, blank_is_default=False)  # fmt: skip
        size = parse_whole_number(limit, name="limit", blank_is_default=False,
                                  **params.CHANGES_LIMITS)  # fmt: skip
    except InvalidSearchRequest as error:
        return _bad_request(error)
    schedules.next_boundary()  # due drafts of the English are changes too
    changes = article_changes(since, after_id=after, limit=size)
    next_url = None
    if len(changes) == size:
        last = changes[-1]
        query = request.GET.copy()
        query["changed_since"] = last["changed_at"].isoformat()
        query["after_id"] = str(last["id"])
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    for change in changes:
        change["changed_at"] = change["changed_at"].isoformat()
    payload = {"changed_since": since.isoformat(), "results": changes, "next": next_url}
    return JsonResponse(payload, **JSON_OPTIONS)
