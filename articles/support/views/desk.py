"""The support desk: agents search in the customer's language and copy links to paste."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from articles import search
from articles.core.languages import SOURCE_LANGUAGE, match_language
from articles.models import Article, SearchLog, short_path
from articles.search.request import MAX_QUERY_LENGTH, InvalidSearchRequest, parse_query
from articles.support import workspace
from articles.support.desk import desk_result
from articles.support.views.presence import workspace_presence

VIEW_LABELS = {
    "unassigned": _("Unassigned"),
    "mine": _("Mine"),
    "all": _("All open"),
}


def _chosen_language(request: HttpRequest, parameter: str, default: str) -> str:
    """The site language named by the `parameter` chooser (a BCP 47 tag), else `default`."""
    return match_language(request.GET.get(parameter) or "") or default


def desk_hits(request: HttpRequest, results, customer_lang: str, agent_lang: str) -> list:
    """A DeskResult (articles/support/desk.py) per hit of `results` whose article still exists."""
    articles = Article.objects.prefetch_related("translation_states").in_bulk(
        [hit.article_id for hit in results.hits]
    )
    return [
        desk_result(
            article,
            customer_lang=customer_lang,
            agent_lang=agent_lang,
            short_url=request.build_absolute_uri(short_path(article.pk, customer_lang)),
        )
        for hit in results.hits
        if (article := articles.get(hit.article_id)) is not None
    ]


@vary_on_headers("Accept-Language", "Cookie")
@login_required
@permission_required("articles.use_support_desk", raise_exception=True)
def support_desk(request: HttpRequest) -> HttpResponse:
    """The workspace: the open conversations in views Unassigned, Mine and All (`?view=`,
    to agents who answer them), and the article search in the customer's language with
    links ready to paste.

    Each result shows the customer's text beside the agent's own language (`agent_lang`,
    by default the desk's interface language). Searches go to the search log as "desk",
    apart from visitors' (articles/admin/search_log_filter.py).
    """
    agent_lang = _chosen_language(request, "agent_lang", get_language() or SOURCE_LANGUAGE)
    customer_lang = _chosen_language(request, "customer_lang", agent_lang)
    query, error = request.GET.get("q", ""), ""
    try:
        parse_query(query, required=False)
    except InvalidSearchRequest as invalid:
        query, error = " ".join(query.split())[:MAX_QUERY_LENGTH], str(invalid)
    results = None
    if query.strip():
        results = search.search(query, customer_lang, per_page=20, source=SearchLog.Source.DESK)
    hits = desk_hits(request, results, customer_lang, agent_lang) if results else []
    languages = dict(settings.LANGUAGES)
    context = {
        "languages": settings.LANGUAGES,
        "customer_lang": customer_lang,
        "customer_lang_name": languages[customer_lang],
        "agent_lang": agent_lang,
        "query": query,
        "results": results,
        "support_hits": hits,
        "error": error,
        "waiting": None,
    }
    if request.user.has_perm("articles.answer_contact_requests"):
        context.update(workspace_context(request))
        context.update(workspace_presence(request.user))
    return render(request, "articles/support_desk.html", context, status=400 if error else 200)


def workspace_context(request: HttpRequest) -> dict:
    """The workspace's views (articles/support/workspace.py) for agents who answer: the
    chosen view's rows (`waiting`), the counts per view, what the live script needs."""
    view = workspace.chosen_view(request.GET.get("view"))
    counts = workspace.view_counts(request.user)
    return {
        "view": view,
        "views": [(name, VIEW_LABELS[name], counts[name]) for name in workspace.VIEWS],
        # The workspace's live queue (workspace.js keeps it up to date).
        "waiting": workspace.conversations_in_view(view, request.user),
        "queue_labels": json.dumps(workspace.queue_labels()),
        "badge_references": json.dumps(workspace.waiting_unassigned()),
        "me": request.user.get_username(),
    }
