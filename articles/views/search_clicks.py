"""The results page's links: count the click on a result, then open the article.

`/<lang>/search/open/?q=…&article=<id>&position=N` answers a redirect to the article in
the page's language. Bad or unknown parameters still lead somewhere useful: an unknown
article is a 404, an odd position or query is simply not counted.
"""

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Article
from ..search import search_clicks
from ..search_request import MAX_PAGE, InvalidSearchRequest, parse_query, parse_whole_number

MAX_POSITION = MAX_PAGE * 50


@require_GET
@never_cache
def open_result(request: HttpRequest) -> HttpResponseRedirect:
    """Record the click (when its parameters are sound) and redirect to the article."""
    try:
        article_id = parse_whole_number(
            request.GET.get("article"), name="article", default=0, high=2**31 - 1
        )
    except InvalidSearchRequest as error:
        raise Http404(str(error)) from None
    article = Article.objects.published().filter(pk=article_id).only("slug").first()
    if article is None:
        raise Http404("No published article with this id.")
    try:
        query = parse_query(request.GET.get("q"), required=True)
        position = parse_whole_number(
            request.GET.get("position"), name="position", default=0, high=MAX_POSITION
        )
    except InvalidSearchRequest:
        position = 0
    if position:
        search_clicks.record_click(
            query=query, lang=get_language(), article_id=article.pk, position=position
        )
    return HttpResponseRedirect(reverse("articles:article", kwargs={"slug": article.slug}))
