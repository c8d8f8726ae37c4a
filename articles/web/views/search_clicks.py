"""Counting clicks on search results, through the links' `ping` attribute.

Each result link on the results page keeps its plain `href` (the article: what a visitor
copies or shares carries no query) and gets `ping="/<lang>/search/click/?q=…&article=…
&position=N"`: when the link is followed, the browser POSTs there in the background
(HTML hyperlink auditing; no JavaScript). Browsers that turn pings off (Firefox by
default) are simply not counted, so click-through is a lower bound.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.search import search_clicks
from articles.search.request import MAX_PAGE, InvalidSearchRequest, parse_query, parse_whole_number
from articles.web.same_origin import Provenance, post_provenance

MAX_POSITION = MAX_PAGE * 50


@csrf_exempt  # a ping carries no token: only pings the browser says are ours count
@require_POST
@never_cache
def count_result_click(request: HttpRequest) -> HttpResponse:
    """Record one click on a result: 204 when counted, 403 from another site, 400 for
    parameters that are not a result of a search, 404 for an article that is not live."""
    if post_provenance(request) is not Provenance.SAME_ORIGIN:
        return HttpResponse("Only this site's result links are counted.", status=403)
    try:
        query = parse_query(request.GET.get("q"), required=True)
        article_id = parse_whole_number(
            request.GET.get("article"), name="article", default=0, high=2**31 - 1
        )
        position = parse_whole_number(
            request.GET.get("position"), name="position", default=0, high=MAX_POSITION
        )
    except InvalidSearchRequest as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    if not (article_id and position):
        return HttpResponse("article and position are required.", status=400)
    if not Article.objects.published().filter(pk=article_id).exists():
        return HttpResponse("No published article with this id.", status=404)
    search_clicks.record_click(
        query=query, lang=get_language(), article_id=article_id, position=position
    )
    return HttpResponse(status=204)
