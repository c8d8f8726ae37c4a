"""Redirects that lead a visitor to a page: the root, short links, the language switch."""

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_request, override
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from articles.core.languages import match_language
from articles.models import Article, language_codes
from articles.support import link_usage
from articles.web.redirects import redirect_keeping_query

ADMIN_PREFIX = "/admin/"  # kb/urls.py


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
    time) and redirects to `next`, a page of the site in that language or of the admin
    (whose language is the cookie's: the admin's language picker), else the site's home.
    Only this explicit choice sets the cookie: the pages themselves set none, so shared
    caches can keep them.
    """
    if lang not in language_codes():
        raise Http404("Unknown language.")
    target = request.GET.get("next", "")
    home = f"/{lang}/"
    if not (
        target.startswith((home, ADMIN_PREFIX))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
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

    `lang` is any BCP 47 tag of a site language, as help desks send them (`zh-CN`,
    `zh_cn`, `es-419`: articles/core/languages.py); an unknown one is ignored.

    Support staff paste these into replies: they never change when a slug is edited.
    Each open is counted per article, language and day (articles/support/link_usage.py).
    """
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    lang = match_language(request.GET.get("lang", "")) or get_language_from_request(request)
    link_usage.count_link(article_id=article.pk, lang=lang, kind=link_usage.OPEN)
    return redirect_keeping_query(request, article.url_in(lang), consumed=["lang"])
