"""Public pages. Thin: validate input, call a selector, render."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, get_language_from_request, override

from . import search, selectors
from .models import Article, Category


def root_redirect(request: HttpRequest) -> HttpResponse:
    """`/` → `/<lang>/`, by language cookie, then Accept-Language, then English."""
    lang = get_language_from_request(request, check_path=False)
    with override(lang):
        from django.urls import reverse

        return HttpResponseRedirect(reverse("articles:home"))


def short_link(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/a/<id>/` → the article in `?lang=`, else the visitor's language, else English.

    Support staff paste these into replies: they never change when a slug is edited.
    """
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    requested = request.GET.get("lang", "")
    known = {code for code, _name in settings.LANGUAGES}
    lang = requested if requested in known else get_language_from_request(request)
    return HttpResponseRedirect(article.url_in(lang))


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/home.html",
        {
            "categories": selectors.categories_with_articles(),
            "popular": selectors.popular_articles(),
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
    results = search.search(query, lang, category=category, page=page, per_page=RESULTS_PER_PAGE)
    if results.total and page > results.pages:
        results = search.search(
            query, lang, category=category, page=results.pages, per_page=RESULTS_PER_PAGE, log=False
        )
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
            "popular": selectors.popular_articles() if not results.total else [],
        },
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = selectors.category_articles(category)
    if not articles:
        raise Http404("No published article in this category.")
    return render(request, "articles/category.html", {"category": category, "articles": articles})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Article.objects.select_related("category")
    if not request.user.is_staff:
        # Staff may preview drafts on the public page; visitors only see published ones.
        queryset = queryset.published()
    article = get_object_or_404(queryset, slug=slug)
    lang = get_language()
    return render(
        request,
        "articles/article.html",
        {
            "article": article,
            "category": article.category,
            "is_fallback": not article.is_translated(lang),
            "related": selectors.related_articles(article),
            "translated_languages": [
                code for code, _name in settings.LANGUAGES if article.is_translated(code)
            ],
        },
    )
