"""Public pages. Thin: validate input, call a selector, render."""

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_from_request, override
from django.views.decorators.http import condition, require_POST
from django.views.decorators.vary import vary_on_headers
from django_ratelimit.decorators import ratelimit

from . import search, selectors, services
from .models import Article, Category, language_codes, short_path


@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request: HttpRequest) -> HttpResponse:
    """`/` → `/<lang>/`, by language cookie, then Accept-Language, then English."""
    lang = get_language_from_request(request, check_path=False)
    with override(lang):
        return HttpResponseRedirect(reverse("articles:home"))


@vary_on_headers("Accept-Language", "Cookie")
def short_link(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/a/<id>/` → the article in `?lang=`, else the visitor's language, else English.

    Support staff paste these into replies: they never change when a slug is edited.
    """
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    requested = request.GET.get("lang", "")
    lang = requested if requested in language_codes() else get_language_from_request(request)
    return HttpResponseRedirect(article.url_in(lang))


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/home.html",
        {
            "categories": selectors.home_topics(),
            "popular": selectors.home_popular(),
        },
    )


MAX_SEARCH_LENGTH = 500
RESULTS_PER_PAGE = 10


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), 1000)
    except ValueError:
        return 1


def search_results(request: HttpRequest) -> HttpResponse:
    """The results page: works without JavaScript; odd parameters are forgiven."""
    raw = request.GET.get("q", "")
    too_long = len(raw) > MAX_SEARCH_LENGTH
    query = raw[:MAX_SEARCH_LENGTH]
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
    if results.total and page > results.pages:
        results = search.search(query, lang, page=results.pages, log=False, **options)
    facets = [
        (categories[slug], count)
        for slug, count in sorted(results.category_counts.items(), key=lambda item: -item[1])
        if slug in categories
    ]
    return render(
        request,
        "articles/search.html",
        {
            "query": results.query,
            "results": results,
            "hits": [(hit, categories.get(hit.category)) for hit in results.hits],
            "facets": facets,
            "category": categories.get(category) if category else None,
            "too_long": too_long,
            "first_number": (results.page - 1) * results.per_page + 1,
            "popular": selectors.home_popular() if not results.total else [],
        },
    )


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


VISITOR_COOKIE = "kb_visitor"


def _visitor_token(request: HttpRequest) -> str:
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    return token if 20 <= len(token) <= 64 and token.isalnum() else ""


def _article_last_modified(request: HttpRequest, slug: str):
    """Validator for article pages: a repeat view is a 304 until the article changes.

    Only for an article visitors may see now: once its window closes, a revalidation gets
    the 404, not a 304 that would keep the old page alive.
    """
    if request.user.is_staff:
        return None
    stamps = Article.objects.published().filter(slug=slug).values_list("updated_at", "publish_at")
    found = stamps.first()
    return max(stamp for stamp in found if stamp) if found else None


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


@condition(last_modified_func=_article_last_modified)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Article.objects.select_related("category")
    if not request.user.is_staff:
        # Staff may preview drafts and scheduled articles on the public page; visitors only
        # see articles published and inside their publication window.
        queryset = queryset.published()
    article = queryset.filter(slug=slug).first()
    if article is None:
        return _renamed_article_redirect(request, slug)
    lang = get_language()
    if article.is_live and not request.user.is_staff:
        services.count_view(article_id=article.pk)
    token = _visitor_token(request)
    feedback = selectors.visitor_feedback(article, services.visitor_key(token)) if token else None
    translated = selectors.translated_languages(article)
    return render(
        request,
        "articles/article.html",
        {
            "article": article,
            "body_html": selectors.article_body(article),
            "category": article.category,
            "is_fallback": not article.is_translated(lang),
            "related": selectors.related_articles(article),
            "toc": selectors.table_of_contents(article.body_html),
            "translated_languages": translated,
            "short_url": request.build_absolute_uri(short_path(article.pk, lang)),
            "alternates": [(code, article.url_in(code)) for code in translated],
            "default_url": article.url_in(settings.LANGUAGE_CODE),
            "feedback": feedback,
            "feedback_state": request.GET.get("feedback", ""),
        },
    )


@require_POST
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Was this helpful?" — works as a plain form; JavaScript posts it in place."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    answer = request.POST.get("helpful")
    if answer not in {"yes", "no"}:
        return HttpResponseBadRequest("Answer yes or no.")
    token = _visitor_token(request) or secrets.token_hex(16)
    services.record_feedback(
        article=article,
        language=get_language(),
        visitor=services.visitor_key(token),
        helpful=answer == "yes",
        comment=request.POST.get("comment", ""),
    )
    state = "thanks" if answer == "yes" or request.POST.get("comment") else "tell-us"
    if request.headers.get("Accept") == "application/json":
        response = JsonResponse({"state": state})
    else:
        response = HttpResponseRedirect(f"{article.get_absolute_url()}?feedback={state}#feedback")
    response.set_cookie(
        VISITOR_COOKIE,
        token,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429 for a visitor who sent too many votes (django-ratelimit's RATELIMIT_VIEW)."""
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"error": "Too many requests: try again later."}, status=429)
    return render(request, "429.html", status=429)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        *(f"Disallow: /{code}/search/" for code in language_codes()),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@login_required
@permission_required("articles.use_support_desk", raise_exception=True)
def support_desk(request: HttpRequest) -> HttpResponse:
    """For support staff: search in the customer's language, copy a link ready to paste."""
    languages = dict(settings.LANGUAGES)
    customer_lang = request.GET.get("customer_lang") or get_language()
    if customer_lang not in languages:
        customer_lang = settings.LANGUAGE_CODE
    query = request.GET.get("q", "")[:MAX_SEARCH_LENGTH]
    results = search.search(query, customer_lang, per_page=20, log=False) if query.strip() else None
    hits = []
    if results:
        articles = Article.objects.in_bulk([hit.article_id for hit in results.hits])
        for hit in results.hits:
            article = articles.get(hit.article_id)
            if article is None:
                continue
            short_url = request.build_absolute_uri(short_path(article.pk, customer_lang))
            with override(customer_lang):
                title, summary = article.title, article.summary
            hits.append(
                {
                    "article": article,
                    "title": title,
                    "summary": summary,
                    "translated": article.is_translated(customer_lang),
                    "short_url": short_url,
                    "markdown": f"[{title}]({short_url})",
                    "reply": f"{title}\n{summary}\n{short_url}",
                }
            )
    return render(
        request,
        "articles/support_desk.html",
        {
            "languages": settings.LANGUAGES,
            "customer_lang": customer_lang,
            "customer_lang_name": languages[customer_lang],
            "query": query,
            "results": results,
            "support_hits": hits,
        },
    )
