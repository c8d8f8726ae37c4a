"""The live chat's pages: `/<lang>/chat/` (start) and a conversation's HTTP fallback.

`/<lang>/chat/?q=…&article=<id>` is public like the contact page (no cookie; the POST is
checked by the browser's Fetch Metadata/Origin, articles/web/same_origin.py). Its form
posts the first message: without JavaScript the answer is a redirect to the
conversation's private page (`/<lang>/requests/<token>/`), which shows the transcript
and takes the next messages by plain POSTs; chat-start.js sends the same form by fetch
(asking for JSON) and then talks over the WebSocket (views/consumers.py).

`/<lang>/requests/<token>/messages/` is the fallback for a network that blocks
WebSockets: GET gives what a joining socket gets, POST (`client_id`, `message`) stores a
message once and answers like the socket's acknowledgement. Both count against the
`chat_message` limit per address, as the socket's messages do.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.core.visitor_text import clean_visitor_text
from articles.search.request import MAX_QUERY_LENGTH
from articles.support import channels as contact_channels
from articles.support import chat, deflection, live, waiting
from articles.support import requests as contact_requests
from articles.support.conversations import MESSAGE_MAX_LENGTH, InvalidMessage
from articles.support.forms import ChatStartForm
from articles.support.views.contact import carried_article, status_path
from articles.web import throttles
from articles.web.same_origin import same_origin_post


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "no-referrer"
    return response


def wants_json(request: HttpRequest) -> bool:
    """Whether the caller is chat.js (it asks for JSON), not a form's plain POST."""
    return "application/json" in request.headers.get("Accept", "")


def _page(request: HttpRequest, form: ChatStartForm, *, status: int = 200, **extra):
    article_id = form["article"].value()
    availability = waiting.chat_availability(get_language())
    context = {
        "form": form,
        "carried_query": form["q"].value() or "",
        "carried_article": carried_article(article_id) if article_id else None,
        "max_length": MESSAGE_MAX_LENGTH,
        "availability": availability,
        "ahead": waiting.waiting_chats() if availability.live else None,
        "wait_minutes": waiting.wait_minutes(waiting.expected_wait())
        if availability.live
        else None,
        **extra,
    }
    return render(request, "articles/chat.html", context, status=status)


@csrf_exempt  # the POST is checked by start_chat (same_origin_post), origin first
def chat_page(request: HttpRequest) -> HttpResponse:
    """The chat page: GET shows the composer, POST opens the conversation."""
    if not contact_channels.chat_offered(get_language()):
        raise Http404("The chat is turned off for this language.")
    if request.method == "POST":
        return start_chat(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    query = " ".join(clean_visitor_text(request.GET.get("q", "")).split())[:MAX_QUERY_LENGTH]
    article = carried_article(request.GET.get("article"))
    form = ChatStartForm(initial={"q": query, "article": article and article.pk})
    # Never cached: it says who is available and how long the wait is, right now.
    response = _page(request, form)
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _start_unverified(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"type": "error", "code": "unverified"}, status=403)
    form = ChatStartForm(request.POST)
    form.is_valid()
    return _page(request, form, status=403, unverified=True)


@same_origin_post(_start_unverified)
def start_chat(request: HttpRequest) -> HttpResponse:
    """Open a chat conversation with the first message (after articles were offered, when
    some match): the private page, or its JSON. "This solved it" opens nothing."""
    form = ChatStartForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    data, lang = form.cleaned_data, get_language()
    existing = contact_requests.find_by_token(data["token"]) if data["token"] else None
    if existing is not None:  # the same start sent again (a lost answer): nothing new
        return _started(request, lang, data["token"])
    offered = data["offered"] or 0
    if data["solved"]:
        deflection.record(lang, "solved", offered=offered, article_id=data["solved"])
        if wants_json(request):
            return _private(JsonResponse({"type": "solved"}))
        return _private(_page(request, ChatStartForm(), solved=True))
    if data["choice"] != "person" and throttles.retry_after(request, "search") is None:
        offers = deflection.offers(data["message"], lang)
        if offers:
            return _offer(request, form, offers)
    response = _open(request, data, lang, waiting.chat_availability(lang))
    if data["choice"] == "person":  # recorded once the conversation is open (not on a 429)
        deflection.record(lang, "person", offered=offered)
    return response


def _invalid(request: HttpRequest, form: ChatStartForm) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"type": "error", "code": "invalid", "errors": form.errors}, status=400)
    return _page(request, form, status=400)


def _offer_rows(offers: list) -> list[dict]:
    return [
        {"id": o.article_id, "title": o.title, "summary": o.summary, "url": o.url} for o in offers
    ]


def _offer(request: HttpRequest, form: ChatStartForm, offers: list) -> HttpResponse:
    """Articles before a human: the matches, with "This solved it" and "Talk to a person"."""
    if wants_json(request):
        return _private(JsonResponse({"type": "offers", "articles": _offer_rows(offers)}))
    return _private(_page(request, form, offers=offers))


@require_http_methods(["GET", "HEAD"])
def chat_offers(request: HttpRequest) -> HttpResponse:
    """`/<lang>/chat/offers/?q=…`: {"articles": [{"id", "title", "summary", "url"}]}, the
    matches of what the visitor is typing, ranked as on Send (deflection.offers). Not
    /api/search: that one logs each query, and a message being typed is not a search to
    keep (it may hold personal details); /api/suggest matches titles, not sentences.
    Counts against the `suggest` limit; never cached (no-store)."""
    wait = throttles.retry_after(request, "suggest")
    if wait is not None:
        return _json_error("throttled", 429, retry_after=wait)
    text = clean_visitor_text(request.GET.get("q", ""))
    offers = deflection.offers(text, get_language()) if len(text.strip()) >= 3 else []
    return _private(JsonResponse({"articles": _offer_rows(offers)}))


def _open(request: HttpRequest, data: dict, lang: str, availability) -> HttpResponse:
    wait = throttles.retry_after(request, "chat")
    if wait is not None:
        raise throttles.Throttled(wait, "chat")
    contact, token = contact_requests.create_request(
        language=lang, email=data["email"], message=data["message"], query=data["q"],
        article=carried_article(data["article"]), channel="chat",
        token=data["token"] or None, client_id=data["client_id"] or "",
        status_url_for=lambda token: request.build_absolute_uri(status_path(lang, token)),
    )  # fmt: skip
    waiting.answer_by_email(contact, availability)
    live.announce(live.state_events(contact))
    return _started(request, lang, token)


def _started(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    path = status_path(lang, token)
    if wants_json(request):
        return _private(JsonResponse({"type": "started", "url": path}))
    return redirect(path)


def _json_error(code: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"type": "error", "code": code, **extra}, status=status)


def _messages_unverified(request: HttpRequest, token: str) -> HttpResponse:
    return _json_error("unverified", 403)


@require_http_methods(["GET", "POST"])
def conversation_messages(request: HttpRequest, token: str) -> HttpResponse:
    """GET: {"reference", "state", "messages"}; POST: {"type": "ack", "client_id",
    "message"} or {"type": "error", "code"} (400, 429 with `retry_after`)."""
    if request.method == "POST":
        return _post_message(request, token)
    contact = contact_requests.find_by_token(token)
    if contact is None:
        raise Http404("No conversation with this link.")
    return _private(JsonResponse(chat.joined_payload(contact)))


@same_origin_post(_messages_unverified)
def _post_message(request: HttpRequest, token: str) -> HttpResponse:
    contact = contact_requests.find_by_token(token)
    if contact is None:
        raise Http404("No conversation with this link.")
    client_id = request.POST.get("client_id", "")
    wait = throttles.retry_after(request, "chat_message")
    if wait is not None:
        return _json_error("throttled", 429, client_id=client_id, retry_after=wait)
    content = {"body": request.POST.get("message"), "client_id": client_id}
    try:
        payload, events = chat.visitor_message(contact.pk, content)
    except InvalidMessage as invalid:
        return _json_error(invalid.code, 400, client_id=client_id)
    live.announce(events)
    return _private(JsonResponse({"type": "ack", "client_id": client_id, "message": payload}))
