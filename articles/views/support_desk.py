"""The support desk: agents search in the customer's language and copy links to paste."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.utils.translation import get_language, override
from django.views.decorators.vary import vary_on_headers

from .. import search
from ..languages import SOURCE_LANGUAGE, match_language
from ..models import Article, short_path
from ..search_request import MAX_QUERY_LENGTH, InvalidSearchRequest, parse_query


@vary_on_headers("Accept-Language", "Cookie")
@login_required
@permission_required("articles.use_support_desk", raise_exception=True)
def support_desk(request: HttpRequest) -> HttpResponse:
    """For support staff: search in the customer's language, copy a link ready to paste."""
    languages = dict(settings.LANGUAGES)
    customer_lang = match_language(request.GET.get("customer_lang") or get_language())
    customer_lang = customer_lang or SOURCE_LANGUAGE
    query, error = request.GET.get("q", ""), ""
    try:
        parse_query(query, required=False)
    except InvalidSearchRequest as invalid:
        query, error = " ".join(query.split())[:MAX_QUERY_LENGTH], str(invalid)
    results = (
        search.search(query, customer_lang, per_page=20, source="desk") if query.strip() else None
    )
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
            "error": error,
        },
        status=400 if error else 200,
    )
