"""Reaching a human: the contact page and form, and a request's private status page.

`/<lang>/contact/?q=…&article=<id>` shows the channels configured for the language and
the form (no JavaScript needed; contact.js suggests articles while the subject is typed).
The GET sets no cookie (it is a public page, like every reading page): the POST is checked
by the browser's Fetch Metadata/Origin (articles/web/same_origin.py), and only a browser that
states neither gets a private page with a real CSRF token. `/<lang>/requests/<token>/` is
the visitor's record: private, never cached; `<token>` is the private token or a signed
link from a later e-mail (support/links.py); any other is a 404 page, an expired signed
link a 410 page (views/history.py), both offering "My requests".
"""

import secrets
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.core.visitor_text import clean_visitor_text
from articles.models import Article, ChatByEmail, ContactRequest
from articles.publishing.images import megabytes
from articles.search.request import MAX_QUERY_LENGTH
from articles.support import channels as contact_channels
from articles.support import conversations, links, live, waiting
from articles.support import requests as contact_requests
from articles.support.forms import (
    MAX_ATTACHMENTS,
    ContactForm,
    FollowUpForm,
    RatingForm,
    screenshot_limits,
)
from articles.support.views.history import conversation_link_problem
from articles.web import throttles
from articles.web.same_origin import same_origin_post


def carried_article(raw) -> Article | None:
    """The published article a visitor came from (`article=<id>`); None for anything else."""
    try:
        article_id = int(raw)
    except (TypeError, ValueError):
        return None
    if not 0 < article_id < 2**31:
        return None
    return Article.objects.published().filter(pk=article_id).first()


def _with_query(data):
    """`q` is the carried search; `query` (DESIGN.md's name for it) is accepted as well."""
    if "q" not in data and "query" in data:
        data = data.copy()
        data["q"] = data["query"]
    return data


def _page(request: HttpRequest, form: ContactForm, *, status: int = 200, **extra) -> HttpResponse:
    channels = contact_channels.channels_for(get_language())
    article_id = form["article"].value()
    context = {
        "form": form,
        "channels": channels,
        "phone_lines": contact_channels.phone_lines(channels),
        "form_enabled": channels is None or channels.form_enabled,
        "chat_enabled": channels is None or channels.chat_enabled,
        "carried_article": carried_article(article_id) if article_id else None,
        "carried_query": form["q"].value() or "",
        "max_attachments": MAX_ATTACHMENTS,
        "max_megabytes": megabytes(settings.KB_IMAGE_MAX_BYTES),
        **extra,
    }
    return render(request, "articles/contact.html", context, status=status)


@csrf_exempt  # the POST is checked by submit_contact (same_origin_post), origin first
def contact(request: HttpRequest) -> HttpResponse:
    """The contact page: GET shows channels and the form, POST sends the request."""
    if request.method == "POST":
        return submit_contact(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    query = _with_query(request.GET).get("q", "")
    query = " ".join(clean_visitor_text(query).split())[:MAX_QUERY_LENGTH]
    article = carried_article(request.GET.get("article"))
    initial = {"q": query, "article": article.pk if article else None}
    return _page(request, ContactForm(initial=initial))


def contact_unverified(request: HttpRequest) -> HttpResponse:
    """A POST whose browser stated no origin and sent no CSRF token (old browsers): nothing
    is stored; the form comes back filled in, with a real token, to send again."""
    form = ContactForm(request.POST)
    form.is_valid()  # shows what is wrong besides; files must be attached again
    return _page(request, form, status=403, unverified=True)


@same_origin_post(contact_unverified)  # the contact page is public: no token in it
def submit_contact(request: HttpRequest) -> HttpResponse:
    """Store the request and show its status page; errors come back with the form (400)."""
    wait = throttles.retry_after(request, "contact")
    if wait is not None:
        raise throttles.Throttled(wait, "contact")
    channels = contact_channels.channels_for(get_language())
    if channels is not None and not channels.form_enabled:
        raise Http404("The contact form is turned off for this language.")
    form = ContactForm(_with_query(request.POST), request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    lang = get_language()
    contact_request, token = contact_requests.create_request(
        language=lang,
        email=data["email"],
        subject=data["subject"],
        message=data["message"],
        query=data["q"],
        article=carried_article(data["article"]),
        screenshots=data["screenshots"],
        status_url_for=lambda token: request.build_absolute_uri(status_path(lang, token)),
    )
    live.announce(live.state_events(contact_request))
    return redirect(status_path(lang, token) + "?sent=1")


def status_path(lang: str, token: str) -> str:
    """`/<lang>/requests/<token>/`: the private status page of a request."""
    with override(lang):
        return reverse("articles:request_status", kwargs={"token": token})


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the address: it must not travel in a Referer, even to this site.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _found(token: str) -> ContactRequest:
    """The conversation of a link; LinkProblem (a 404 or 410 page) when it opens nothing."""
    contact_request = contact_requests.find_by_token(token)
    if contact_request is None:
        raise LinkProblem(token)
    return contact_request


class LinkProblem(Exception):
    """A conversation link that opens nothing: `answered` turns it into its page."""

    def __init__(self, token: str) -> None:
        super().__init__("No conversation with this link.")
        self.token = token


def answered(view):
    """View decorator: a LinkProblem becomes history.conversation_link_problem's page."""

    @wraps(view)
    def answering(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, token, *args, **kwargs)
        except LinkProblem as problem:
            return conversation_link_problem(request, problem.token)

    return answering


def _status_page(request, contact_request, token, *, status=200, **forms) -> HttpResponse:
    context = {
        "contact": contact_request,
        "token": token,
        "messages_list": conversations.transcript(contact_request),
        "client_id": secrets.token_urlsafe(12),  # a resent form adds its message once
        "attachments": contact_request.attachments.filter(message=None),  # the form's first
        "sent": request.GET.get("sent") == "1",
        "rated": request.GET.get("rated") == "1",
        "status_url": request.build_absolute_uri(request.path),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        "rating_form": forms.get("rating_form")
        or RatingForm(
            initial={"rating": contact_request.rating, "comment": contact_request.rating_comment}
        ),
        "needs_token": forms.get("needs_token", False),
        "link_expires": links.link_expires_at(token) if links.is_signed(token) else None,
        "wait": waiting.wait_payload(contact_request),
        "by_email": ChatByEmail.objects.filter(request=contact_request).first(),
        **screenshot_limits(),
    }
    return _private(render(request, "articles/request_status.html", context, status=status))


@require_http_methods(["GET", "HEAD"])
@answered
def request_status(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor's request, its status, the replies, and (once solved) the rating form."""
    return _status_page(request, _found(token), token)


def _status_unverified(request: HttpRequest, token: str) -> HttpResponse:
    return _status_page(request, _found(token), token, status=403, needs_token=True)


@require_POST
@answered
@same_origin_post(_status_unverified)
def request_follow_up(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor adds a message (not on a solved request: 400 with the page)."""
    contact_request = _found(token)
    form = FollowUpForm(request.POST, request.FILES)
    if contact_request.status == ContactRequest.Status.SOLVED or not form.is_valid():
        return _status_page(request, contact_request, token, status=400, follow_up_form=form)
    try:
        message = contact_requests.add_follow_up(
            contact=contact_request,
            body=form.cleaned_data["message"],
            client_id=conversations.clean_client_id(request.POST.get("client_id")),
            screenshots=form.cleaned_data["screenshots"],
        )
    except conversations.InvalidMessage as refused:  # solved or deleted since it was read
        if refused.code == "not_found":
            raise Http404("No conversation with this link.") from None
        return _status_page(request, _found(token), token, status=400, follow_up_form=form)
    live.announce(live.message_events(message))
    return redirect(request.path.rsplit("follow-up/", 1)[0] + "#conversation")


@require_POST
@answered
@same_origin_post(_status_unverified)
def request_rate(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor rates the help of a solved request (1–5, optional comment)."""
    contact_request = _found(token)
    form = RatingForm(request.POST)
    if contact_request.status != ContactRequest.Status.SOLVED or not form.is_valid():
        return _status_page(request, contact_request, token, status=400, rating_form=form)
    contact_requests.rate(
        contact=contact_request,
        rating=form.cleaned_data["rating"],
        comment=form.cleaned_data["comment"],
    )
    return redirect(request.path.rsplit("rate/", 1)[0] + "?rated=1#rating")
