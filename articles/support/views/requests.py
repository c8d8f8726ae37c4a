"""The desk's request queue: agents read visitors' contact requests and answer them.

Staff with `answer_contact_requests` (groups Support and Editors). Pages are private and
carry a normal CSRF token (signed-in pages may set cookies). A reply is stored, e-mailed
to the visitor and shown on their status page (articles/support/requests.py).
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import ContactRequest
from articles.search.request import MAX_QUERY_LENGTH
from articles.support import assignment, canned, conversations, live, workspace
from articles.support import requests as contact_requests
from articles.support.forms import ReplyForm, screenshot_limits
from articles.support.views.composer import composer_hits, link_text

QUEUE_PAGE_SIZE = 50
answers_requests = permission_required("articles.answer_contact_requests", raise_exception=True)


@require_safe
@login_required
@answers_requests
def request_queue(request: HttpRequest) -> HttpResponse:
    """`/<lang>/support/requests/?status=new|waiting|solved`: oldest new requests first."""
    status = request.GET.get("status", ContactRequest.Status.NEW)
    if status not in ContactRequest.Status.values:
        status = ContactRequest.Status.NEW
    counts = dict(ContactRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    order = "-updated_at" if status == ContactRequest.Status.SOLVED else "updated_at"
    queue = ContactRequest.objects.filter(status=status).select_related("article").order_by(order)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in ContactRequest.Status.choices]
    return render(
        request,
        "articles/desk_requests.html",
        {"tabs": tabs, "status": status, "page": page, "languages": dict(settings.LANGUAGES)},
    )


def _reply(request: HttpRequest, contact_request: ContactRequest):
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return None, form
    internal = form.cleaned_data["internal"]
    try:
        message = contact_requests.reply(
            contact=contact_request,
            agent=request.user,
            body=form.cleaned_data["message"],
            solve=form.cleaned_data["solve"],
            client_id=conversations.clean_client_id(form.cleaned_data["client_id"]),
            internal=internal,
            site_url=request.build_absolute_uri("/"),
            screenshots=form.cleaned_data["screenshots"],
        )
    except conversations.InvalidMessage:  # "not_found": deleted since the page was read
        raise Http404("No such request.") from None
    live.announce(live.message_events(message))
    done = gettext("Your note was saved.") if internal else gettext("Your reply was sent.")
    messages.success(request, done)
    return redirect(request.path), None


def _assign(request: HttpRequest, contact_request: ContactRequest) -> None:
    """`action=take` (oneself) or `action=assign` with `agent` (a username): done, or the
    refusal (the chat limit, taken, not an agent) shown as a message."""
    try:
        if request.POST["action"] == "take":
            assignment.take(contact_request, request.user)
            transferred = False
        else:
            username = request.POST.get("agent", "")
            agent = get_user_model().objects.filter(username=username).first()
            previous = assignment.assign(contact_request, agent)
            transferred = previous is not None and previous.pk != agent.pk
    except assignment.AssignmentRefused as refused:
        messages.error(request, refused.message)
        return
    live.announce(live.state_events(contact_request, transferred=transferred))
    messages.success(request, gettext("The conversation's agent was changed."))


def _act(request: HttpRequest, contact_request: ContactRequest):
    """Carry out a desk POST: (redirect or 400, None) when done, (None, bound form) when
    the reply form has errors to show."""
    action = request.POST.get("action", "")
    if action == "reply":
        return _reply(request, contact_request)
    if action in ("take", "assign"):
        _assign(request, contact_request)
        return redirect(request.path), None
    if action in ContactRequest.Status.values:
        contact_requests.set_status(contact=contact_request, status=action)
        live.announce(live.state_events(contact_request))
        messages.success(request, gettext("The request's status was changed."))
        return redirect(request.path), None
    return HttpResponseBadRequest("Unknown action."), None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@answers_requests
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One conversation: what the visitor searched and read, the transcript with agents'
    internal notes, the screenshots, the customer's earlier conversations, the composer
    (articles found with `?articles_q=`, canned replies in the customer's language).
    POST `action=reply` (with `message`, optional `solve`, `internal` and `client_id`),
    `action=take`, `action=assign` (with `agent`, a username: assign or transfer) or
    `action=<status>` to move it without a message."""
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related("article", "assigned_to"), reference=reference
    )
    form = ReplyForm()
    if request.method == "POST":
        response, form = _act(request, contact_request)
        if response is not None:
            return response
    context = _conversation_context(contact_request)
    context.update(_composer_context(request, contact_request))
    context["form"] = form
    return render(
        request, "articles/desk_request.html", context, status=400 if form.is_bound else 200
    )


def _conversation_context(contact_request: ContactRequest) -> dict:
    return {
        "contact": contact_request,
        "thread": conversations.transcript(contact_request, internal=True),
        "client_id": secrets.token_urlsafe(12),  # a resent reply is stored once
        "attachments": contact_request.attachments.filter(message=None),
        "article_url": contact_request.article.url_in(contact_request.language)
        if contact_request.article
        else "",
        "language_name": dict(settings.LANGUAGES).get(contact_request.language, ""),
        "customer_direction": "rtl"
        if contact_request.language in settings.LANGUAGES_BIDI
        else "ltr",
        "statuses": ContactRequest.Status.choices,
        "earlier": workspace.earlier_conversations(contact_request),
        "agents": assignment.agents(),
        "chat_limit": assignment.chat_limit(),
        **screenshot_limits(),
    }


def _composer_context(request: HttpRequest, contact_request: ContactRequest) -> dict:
    articles_query = request.GET.get("articles_q", "")
    hits, error = [], ""
    if articles_query.strip():
        hits, error = composer_hits(request, articles_query, contact_request.language)
    return {
        "articles_query": articles_query[:MAX_QUERY_LENGTH],
        "article_hits": [(hit, link_text(hit)) for hit in hits],
        "articles_error": error,
        "canned": canned.canned_replies(contact_request.language),
    }
