"""The pages visitors read: home, search results, topics, articles, robots.txt.

Thin: validate input, call a selector, render.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date
from django.utils.translation import get_language, get_language_info
from django.views.decorators.vary import vary_on_headers

from articles import search
from articles.models import Article, Category, language_codes, short_path
from articles.publishing import selectors, services
from articles.search import search_log
from articles.search.request import (
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    InvalidSearchRequest,
    parse_query,
    parse_whole_number,
)
from articles.support import channels as contact_channels
from articles.translations import localization
from articles.web import page_cache, throttles
from articles.web.structured_data import article_structured_data
from articles.web.views.feedback import visitor_token


@vary_on_headers("Accept-Language", "Cookie")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/home.html",
        {
            "categories": selectors.home_topics(),
            "popular": selectors.home_popular(),
        },
    )


RESULTS_PER_PAGE = 10


def _page_number(raw: str | None) -> int:
    """The results page asked for; anything odd (`abc`, `0`, `99999`) is forgiven as 1."""
    try:
        return parse_whole_number(raw, name="page", default=1, high=MAX_PAGE)
    except InvalidSearchRequest:
        return 1


@throttles.throttle("search")
def search_results(request: HttpRequest) -> HttpResponse:
    """The results page: works without JavaScript. An odd page or topic is forgiven; a query
    over MAX_QUERY_LENGTH is a 400 that says so and shows results for its beginning."""
    query = request.GET.get("q", "")
    try:
        parse_query(query, required=False)
        too_long = False
    except InvalidSearchRequest:
        too_long = True
        query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    lang = get_language()
    categories = {c.slug: c for c in Category.objects.all()}
    category = request.GET.get("category") or None
    if category not in categories:
        category = None
    page = _page_number(request.GET.get("page"))
    # exact=1: the visitor asked for their own words after a spelling correction.
    options = {
        "category": category,
        "per_page": RESULTS_PER_PAGE,
        "correct": "exact" not in request.GET,
        "facets": True,
    }
    results = search.search(query, lang, page=page, **options)
    if results.query:  # the page cache counts a search served from a cached page too
        page_cache.on_hit(
            request,
            "articles.search.search_log.record_replayed",
            **search_log.replay_fields(results),
        )
    if results.total and page > results.pages:
        results = search.search(query, lang, page=results.pages, log=False, **options)
    return render(
        request,
        "articles/search.html",
        status=400 if too_long else 200,
        context=_results_context(results, categories, category, too_long),
    )


def _results_context(results, categories: dict, category: str | None, too_long: bool) -> dict:
    """The results page's template context: strong hits, the folded weak tail, topic
    chips (strong matches per category, most first) and the numbering of both lists."""
    facets = [
        (categories[slug], count)
        for slug, count in sorted(results.category_counts.items(), key=lambda item: -item[1])
        if slug in categories
    ]
    hits, weak_hits = _strong_and_weak(results, categories)
    return {
        "query": results.query,
        "results": results,
        "hits": hits,
        "weak_hits": weak_hits,
        "weak_first_number": (results.page - 1) * results.per_page + len(hits) + 1,
        "facets": facets,
        "category": categories.get(category) if category else None,
        "too_long": too_long,
        "first_number": (results.page - 1) * results.per_page + 1,
        "popular": selectors.home_popular() if not results.total else [],
    }


def _strong_and_weak(results, categories: dict) -> tuple[list, list]:
    """The page's (hit, category) pairs split into strong matches, listed first, and the
    weak tail folded away under "more articles that mention…" (ranking.STRONG_SHARE)."""
    first = (results.page - 1) * results.per_page
    shown = max(0, min(len(results.hits), results.strong - first))
    listed = [(hit, categories.get(hit.category)) for hit in results.hits]
    return listed[:shown], listed[shown:]


CATEGORY_PAGE_SIZE = 30


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    # A topic may hold thousands of articles: pages of 30. An odd `page` shows page 1,
    # one past the end the last page (Paginator.get_page forgives both).
    page = Paginator(selectors.category_articles(category), CATEGORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if not page.object_list:
        raise Http404("No published article in this category.")
    return render(
        request,
        "articles/category.html",
        {"category": category, "articles": page.object_list, "page": page},
    )


def _article_last_modified(request: HttpRequest, article: Article) -> int:
    """Validator for article pages (a POSIX timestamp): a repeat view is a 304 until the
    page changes. Asked only after the visibility check in the view, so a draft, a
    scheduled article or an unknown slug answers 404 (or 301 for an old slug) to a visitor,
    whatever the conditional headers say. Read from the article the view fetched: no
    second query for it."""
    token = visitor_token(request)
    visitor = services.visitor_key(token) if token else ""
    changed = selectors.article_page_last_modified(article, visitor=visitor)
    # The page shows the contact channels too (templates/articles/_contact_options.html).
    channels = contact_channels.channels_for(get_language(), request)
    if channels is not None:
        changed = max(changed, channels.updated_at)
    return int(changed.timestamp())


def _renamed_article_redirect(request: HttpRequest, slug: str) -> HttpResponse:
    """An old slug of a renamed article: 301 to its current URL (query string kept)."""
    article = selectors.renamed_article(slug, include_hidden=request.user.is_staff)
    if article is None:
        raise Http404("No article with this slug.")
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(
        article.url_in(get_language()) + (f"?{query}" if query else "")
    )
    # Browsers keep a 301 without Cache-Control forever; the slug may be given to another
    # article later, so it is kept like a page.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.KB_PAGE_MAX_AGE)
    return response


def _text_language(shown: localization.ShownText) -> dict:
    """The language of the article text shown on a page (`shown`: what its reader gets):
    the page's, or the source language's as a whole (the template labels it: notice,
    `lang`, `dir`)."""
    text_language = shown.lang
    return {
        "is_fallback": shown.fallback,
        "text_language": text_language,
        "text_language_name": get_language_info(text_language)["name_translated"],
    }


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Article.objects.select_related("category").prefetch_related("translation_states")
    if not request.user.is_staff:
        # Staff may preview drafts and scheduled articles on the public page; visitors only
        # see articles published and inside their publication window.
        queryset = queryset.published()
    article = queryset.filter(slug=slug).first()
    if article is None:
        return _renamed_article_redirect(request, slug)
    last_modified = _article_last_modified(request, article)
    not_modified = get_conditional_response(request, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    lang = get_language()
    if article.is_live and not request.user.is_staff:
        services.count_view(article_id=article.pk)
        page_cache.on_hit(request, "articles.publishing.services.count_view", article_id=article.pk)
    token = visitor_token(request)
    feedback = selectors.visitor_feedback(article, services.visitor_key(token)) if token else None
    translated = selectors.translated_languages(article)
    # One language per page: the translation when readers get it, else all in English.
    shown = localization.shown_text(article, lang)
    response = render(
        request,
        "articles/article.html",
        {
            "article": article,
            "shown": shown,
            "body_html": selectors.article_body_html(shown.body_html),
            "category": article.category,
            **_text_language(shown),
            "source_url": article.url_in(settings.LANGUAGE_CODE),
            "related": selectors.related_articles(article),
            "toc": selectors.table_of_contents(shown.body_html),
            "translated_languages": translated,
            "short_url": request.build_absolute_uri(short_path(article.pk, lang)),
            "alternates": [(code, article.url_in(code)) for code in translated],
            "default_url": article.url_in(settings.LANGUAGE_CODE),
            "feedback": feedback,
            "feedback_state": request.GET.get("feedback", ""),
            "structured_data": article_structured_data(request, article, article.category, shown),
        },
    )
    if feedback is not None:
        # The page shows this visitor's own answer: not for a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /language/",
        "Disallow: /theme/",
        *(f"Disallow: /{code}/search/" for code in language_codes()),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
