"""The desk's request queue: agents read visitors' contact requests and answer them.

Staff with `answer_contact_requests` (groups Support and Editors). Pages are private and
carry a normal CSRF token (signed-in pages may set cookies). A reply is stored, e-mailed
to the visitor and shown on their status page (articles/support/requests.py).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import ContactRequest
from articles.support import requests as contact_requests
from articles.support.forms import ReplyForm

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


def _act(request: HttpRequest, contact_request: ContactRequest):
    """Carry out a desk POST: (redirect or 400, None) when done, (None, bound form) when
    the reply form has errors to show."""
    action = request.POST.get("action", "")
    if action == "reply":
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return None, form
        contact_requests.reply(
            contact=contact_request,
            agent=request.user,
            body=form.cleaned_data["body"],
            solve=form.cleaned_data["solve"],
        )
        messages.success(request, gettext("Your reply was sent."))
        return redirect(request.path), None
    if action in ContactRequest.Status.values:
        contact_requests.set_status(contact=contact_request, status=action)
        messages.success(request, gettext("The request's status was changed."))
        return redirect(request.path), None
    return HttpResponseBadRequest("Unknown action."), None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@answers_requests
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One request: the visitor's message, what they searched and read, the conversation,
    the screenshots; POST `action=reply` (with `body`, optional `solve`) or
    `action=<status>` to move it without a message."""
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related("article"), reference=reference
    )
    form = ReplyForm()
    if request.method == "POST":
        response, form = _act(request, contact_request)
        if response is not None:
            return response
    return render(
        request,
        "articles/desk_request.html",
        {
            "contact": contact_request,
            "thread": contact_request.messages.select_related("agent"),
            "attachments": contact_request.attachments.all(),
            "article_url": contact_request.article.url_in(contact_request.language)
            if contact_request.article
            else "",
            "language_name": dict(settings.LANGUAGES).get(contact_request.language, ""),
            "form": form,
            "statuses": ContactRequest.Status.choices,
        },
        status=400 if form.is_bound else 200,
    )
