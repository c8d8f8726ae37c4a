""" "Was this helpful?": the vote and its comment, with and without JavaScript."""

import secrets

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from articles.core.visitor_text import clean_visitor_text
from articles.models import Article
from articles.publishing import services
from articles.web import throttles
from articles.web.redirects import redirect_keeping_query
from articles.web.same_origin import same_origin_post
from articles.web.views.errors import visitor_error

VISITOR_COOKIE = "kb_visitor"


def visitor_token(request: HttpRequest) -> str:
    """The visitor's anonymous token from their cookie (20-64 letters and digits), or \"\"."""
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    return token if 20 <= len(token) <= 64 and token.isalnum() else ""


def confirm_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """A vote whose origin the browser did not state and that has no CSRF token (old
    browsers): nothing is recorded; a private page asks to confirm, with a real token."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    answer = request.POST.get("helpful")
    if answer not in {"yes", "no"}:
        return visitor_error(request, 400, gettext("Answer yes or no."))
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
        return visitor_error(request, 400, gettext("Answer yes or no."))
    token = visitor_token(request) or secrets.token_hex(16)
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
