"""The support desk's link bookkeeping: a copy counted, a Support agent sent to the desk.

Neither view stores who did anything: a copy adds one to the article's count for its
language and day (articles/support/link_usage.py).
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.core.languages import match_language
from articles.models import Article
from articles.support import link_usage
from articles.support.desk import DESK_PERMISSION, lands_on_desk


@require_POST
def desk_link_copied(request: HttpRequest) -> HttpResponse:
    """POST `article` (an id) and `lang` when an agent copies a link on the desk: 204.

    Same CSRF protection as every POST (the desk page carries the token). 403 for users
    who may not use the desk, 400 for a bad id or language, 404 for no such article.
    """
    if not request.user.has_perm(DESK_PERMISSION):
        return JsonResponse({"error": _("Only support staff count copies.")}, status=403)
    raw_id, lang = request.POST.get("article", ""), match_language(request.POST.get("lang", ""))
    if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 12) or lang is None:
        return JsonResponse({"error": _("Send an article id and a language.")}, status=400)
    if not Article.objects.filter(pk=int(raw_id)).exists():
        return JsonResponse({"error": _("No such article.")}, status=404)
    link_usage.count_link(article_id=int(raw_id), lang=lang, kind=link_usage.COPY)
    return HttpResponse(status=204)


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's sign-in, sending Support-only users to the desk afterwards.

    Someone who signs in with no `next` (or `next` the admin index) and may use the desk
    but edits nothing (articles/support/desk.py `lands_on_desk`) lands on the desk in the admin's
    language; everyone else goes where Django's admin sends them.
    """
    response = admin.site.login(request, extra_context)
    index = reverse("admin:index")
    if (
        request.method == "POST"
        and response.status_code == 302
        and response.get("Location") == index
        and lands_on_desk(request.user)
    ):
        return redirect("articles:support_desk")
    return response
