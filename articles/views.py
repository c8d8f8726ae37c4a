"""Public pages. Thin: validate input, call a selector, render."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, get_language_from_request, override

from . import selectors
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
