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
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_request, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from . import search, selectors, services, throttles
from .models import Article, Category, language_codes, short_path
from .redirects import redirect_keeping_query
from .same_origin import same_origin_post
from .visitor_text import clean_visitor_text


@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request: HttpRequest) -> HttpResponse:
    """`/` → `/<lang>/`, by language cookie, then Accept-Language, then English."""
    lang = get_language_from_request(request, check_path=False)
    with override(lang):
        return redirect_keeping_query(request, reverse("articles:home"))


@never_cache
def switch_language(request: HttpRequest, lang: str) -> HttpResponse:
    """`/language/<lang>/?next=/<lang>/…`: the language switcher's links.

    Remembers the choice in the language cookie (so `/` and short links open in it next
    time) and redirects to `next`, a page of the site in that language, else its home.
    Only this explicit choice sets the cookie: the pages themselves set none, so shared
    caches can keep them.
    """
    if lang not in language_codes():
        raise Http404("Unknown language.")
    target = request.GET.get("next", "")
    home = f"/{lang}/"
    if not (
        target.startswith(home) and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    ):
        target = home
    response = redirect_keeping_query(request, target, consumed=["next"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@vary_on_headers("Accept-Language", "Cookie")
def short_link(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/a/<id>/` → the article in `?lang=`, else the visitor's language, else English.

    Support staff paste these into replies: they never change when a slug is edited.
    """
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    requested = request.GET.get("lang", "")
    lang = requested if requested in language_codes() else get_language_from_request(request)
    return redirect_keeping_query(request, article.url_in(lang), consumed=["lang"])


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


@throttles.throttle("search")
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


def _article_last_modified(request: HttpRequest, slug: str) -> int | None:
    """Validator for article pages (a POSIX timestamp): a repeat view is a 304 until the
    page changes. Asked only after the visibility check in the view, so a draft, a
    scheduled article or an unknown slug answers 404 (or 301 for an old slug) to a visitor,
    whatever the conditional headers say."""
    token = _visitor_token(request)
    changed = selectors.article_page_last_modified(
        slug,
        include_drafts=request.user.is_staff,
        visitor=services.visitor_key(token) if token else "",
    )
    return int(changed.timestamp()) if changed else None


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


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Article.objects.select_related("category")
    if not request.user.is_staff:
        # Staff may preview drafts and scheduled articles on the public page; visitors only
        # see articles published and inside their publication window.
        queryset = queryset.published()
    article = queryset.filter(slug=slug).first()
    if article is None:
        return _renamed_article_redirect(request, slug)
    last_modified = _article_last_modified(request, slug)
    not_modified = get_conditional_response(request, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    lang = get_language()
    if article.is_live and not request.user.is_staff:
        services.count_view(article_id=article.pk)
    token = _visitor_token(request)
    feedback = selectors.visitor_feedback(article, services.visitor_key(token)) if token else None
    translated = selectors.translated_languages(article)
    response = render(
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
    if feedback is not None:
        # The page shows this visitor's own answer: not for a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    return response


def confirm_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """A vote whose origin the browser did not state and that has no CSRF token (old
    browsers): nothing is recorded; a private page asks to confirm, with a real token."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    answer = request.POST.get("helpful")
    if answer not in {"yes", "no"}:
        return HttpResponseBadRequest("Answer yes or no.")
    comment = clean_visitor_text(request.POST.get("comment", ""), multiline=True)[:2000]
    context = {"article": article, "helpful": answer, "comment": comment}
    return render(request, "articles/feedback_confirm.html", context, status=403)


@same_origin_post(confirm_feedback)  # the article page is public: no token in it
@require_POST
@throttles.throttle("feedback")
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
        target = f"{article.get_absolute_url()}?feedback={state}#feedback"
        response = redirect_keeping_query(request, target)
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
    """429 for a client over a limit (django-ratelimit's RATELIMIT_VIEW): when to retry.

    `Retry-After` in seconds on every answer; JSON `{"error", "retry_after"}` for the API
    and for scripts asking for JSON; otherwise a page in the visitor's language.
    """
    seconds = getattr(exception, "retry_after", 60)
    message = throttles.too_many_requests_message(seconds)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.path_info.startswith("/api/") or wants_json:
        response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /language/",
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
