""" "My requests" and the answers to links that no longer open anything.

`/<lang>/requests/` (public like the contact page: no cookie, POST checked by the
browser's Fetch Metadata/Origin): the visitor types an e-mail address and is told, the
same whatever the address, that a sign-in link was sent if it has conversations.
Limits: `my_requests` per client address (429 past it) and `my_requests_address` per
e-mail address (past it, nothing more is sent, and the page still says the same).
`/<lang>/requests/mine/<signed>/` lists the address's conversations (private, no-store).
A link that is altered, unknown or expired gets `link_problem`: a 404 or 410 page saying
which, with the form for a new link.
"""

import hashlib

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from articles.support import history, links
from articles.web import throttles
from articles.web.same_origin import same_origin_post


class MyRequestsForm(forms.Form):
    """The address whose conversations the visitor wants to see."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link's value must not travel on
    return response


def _form_page(request: HttpRequest, form: MyRequestsForm, *, status: int = 200, **extra):
    context = {
        "form": form,
        "sent": request.GET.get("sent") == "1",
        "link_minutes": int(links.sign_in_lifetime().total_seconds() // 60),
        **extra,
    }
    return render(request, "articles/my_requests.html", context, status=status)


@csrf_exempt  # the POST is checked by ask_for_link (same_origin_post), origin first
def my_requests(request: HttpRequest) -> HttpResponse:
    """GET: the address form (and, after a POST, what happens next); POST: send the link."""
    if request.method == "POST":
        return ask_for_link(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return _form_page(request, MyRequestsForm())


def _ask_unverified(request: HttpRequest) -> HttpResponse:
    form = MyRequestsForm(request.POST)
    form.is_valid()
    return _private(_form_page(request, form, status=403, unverified=True))


def address_key(email: str) -> str:
    """What the per-address limit counts by: a digest of the address, never the address."""
    return "address:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


@same_origin_post(_ask_unverified)
def ask_for_link(request: HttpRequest) -> HttpResponse:
    """Send the sign-in link if the address has conversations; redirect to `?sent=1`."""
    wait = throttles.retry_after(request, "my_requests")
    if wait is not None:
        raise throttles.Throttled(wait, "my_requests")
    form = MyRequestsForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    email = form.cleaned_data["email"]
    if throttles.retry_after(request, "my_requests_address", key=address_key(email)) is None:
        history.send_sign_in(
            email=email,
            language=get_language(),
            list_url_for=lambda value: reverse("articles:my_requests_list", args=[value]),
            site_url=request.build_absolute_uri("/"),
        )
    return redirect(reverse("articles:my_requests") + "?sent=1")


def my_requests_list(request: HttpRequest, signed: str) -> HttpResponse:
    """The conversations of the address a sign-in link names, newest first."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    try:
        email = links.email_for_sign_in(signed)
    except links.LinkExpired:
        return link_problem(request, expired=True, sign_in=True)
    except links.LinkInvalid:
        return link_problem(request, expired=False, sign_in=True)
    context = {"email": email, "summaries": history.summaries(email)}
    return _private(render(request, "articles/my_requests_list.html", context))


def link_problem(request: HttpRequest, *, expired: bool, sign_in: bool = False) -> HttpResponse:
    """410 for an expired link, 404 for any other that opens nothing; both offer the
    "My requests" form for a new link."""
    context = {"form": MyRequestsForm(), "expired": expired, "sign_in": sign_in}
    status = 410 if expired else 404
    return _private(render(request, "articles/link_problem.html", context, status=status))


def conversation_link_problem(request: HttpRequest, token: str) -> HttpResponse:
    """The answer to a conversation link (private token or signed) that opens nothing."""
    expired = False
    if links.is_signed(token):
        try:
            links.conversation_for_link(token)
        except links.LinkExpired:
            expired = True
        except links.LinkInvalid:
            pass
    return link_problem(request, expired=expired)
