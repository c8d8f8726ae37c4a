"""Agents' presence in the workspace: the chooser's POST, and what the workspace shows.

`/<lang>/support/presence/` (POST `status` = available, away or offline; agents with
`articles.answer_contact_requests`) works without JavaScript (a redirect back to the
workspace); every open workspace hears the change (a `presence` event on the queue
group). The rule that turns a silent workspace offline is articles/support/presence.py's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.support import answer_timeout, live, presence
from articles.support.forms import PresenceForm


def workspace_presence(agent) -> dict:
    """The workspace's presence context for `agent` (loading the workspace is a sign of
    life, and a moment to release chats taken and not answered): `presence_form`,
    `presence_status` (the effective one), `available_agents` (usernames)."""
    presence.heartbeat(agent)
    live.announce(answer_timeout.release_overdue())
    own = presence.presence_of(agent)
    return {
        "presence_form": PresenceForm(initial={"status": own.status}),
        "presence_status": presence.effective_status(own),
        "available_agents": presence.presence_payload()["available"],
    }


@require_POST
@login_required
@permission_required("articles.answer_contact_requests", raise_exception=True)
def set_presence(request: HttpRequest) -> HttpResponse:
    """The agent chooses available, away or offline; back to the workspace."""
    form = PresenceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(gettext("Choose available, away or offline."))
    presence.set_status(request.user, form.cleaned_data["status"])
    live.announce([(live.QUEUE_GROUP, {"type": "presence.changed", **presence.presence_payload()})])
    messages.success(request, gettext("Your presence was changed."))
    return redirect(reverse("articles:support_desk") + "#presence")
