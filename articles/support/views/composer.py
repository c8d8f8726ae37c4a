"""The composer's article search: articles found as the agent types, in the customer's
language, with the agent's language beside it, ready to insert into a reply.

`/<lang>/support/requests/<reference>/articles/?q=…` answers JSON for the composer's script;
the conversation's page renders the same results without JavaScript (`?articles_q=`), each
with the text to copy. The search is the knowledge base's own (logged as "desk").
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from articles import search
from articles.core.languages import SOURCE_LANGUAGE
from articles.models import ContactRequest, SearchLog
from articles.search.request import InvalidSearchRequest, parse_query
from articles.support.views.desk import desk_hits

COMPOSER_RESULTS = 8
answers_requests = permission_required("articles.answer_contact_requests", raise_exception=True)


def link_text(hit) -> str:
    """What the composer inserts: the title in the customer's language and the short link."""
    return f"{hit.customer.title}: {hit.short_url}"


def composer_hits(request: HttpRequest, query: str, customer_lang: str) -> tuple[list, str]:
    """(DeskResults for `query` in `customer_lang`, beside the agent's interface language;
    an error text for a query that cannot be searched, else "")."""
    try:
        parse_query(query, required=True)
    except InvalidSearchRequest as invalid:
        return [], str(invalid)
    results = search.search(
        query, customer_lang, per_page=COMPOSER_RESULTS, source=SearchLog.Source.DESK
    )
    agent_lang = get_language() or SOURCE_LANGUAGE
    return desk_hits(request, results, customer_lang, agent_lang), ""


def hit_json(hit) -> dict:
    """{"id", "title", "lang", "fallback", "agent_title", "agent_lang", "url", "text"}."""
    return {
        "id": hit.article.pk,
        "title": hit.customer.title,
        "lang": hit.customer.lang,
        "fallback": hit.customer.fallback,
        "agent_title": hit.agent.title if hit.agent else "",
        "agent_lang": hit.agent.lang if hit.agent else "",
        "url": hit.short_url,
        "text": link_text(hit),
    }


@require_safe
@login_required
@answers_requests
def composer_articles(request: HttpRequest, reference: str) -> HttpResponse:
    """JSON {"results": [hit_json…]} for `q` in the conversation's language; 400 with
    {"error"} for a missing or over-long query; 404 for no such conversation."""
    contact = get_object_or_404(ContactRequest, reference=reference)
    hits, error = composer_hits(request, request.GET.get("q", ""), contact.language)
    if error:
        return JsonResponse({"error": error}, status=400)
    response = JsonResponse({"results": [hit_json(hit) for hit in hits]})
    response["Cache-Control"] = "private, no-store"
    return response
