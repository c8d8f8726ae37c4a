"""A taken chat that its agent does not answer goes back to the queue (never a spinner
that nobody answers).

When an agent takes a chat, `claimed` records the moment (ChatClaim). A chat still `new`,
still assigned to that agent, and without an agent message since it was taken is
released KB_CHAT_ANSWER_TIMEOUT seconds later: unassigned, back in every workspace's
queue (a `queue.changed` event; its `released` flag lets the workspace say so).

There is no timer process: `release_overdue()` runs on the events that already happen —
each workspace's heartbeat (every presence.HEARTBEAT_SECONDS while any agent has the
workspace open), each load of the workspace, and the `release_unanswered_chats`
command for a scheduler. With no workspace open there is nobody to hand a chat to
anyway, and the agent's presence has expired (presence.py).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import ChatClaim, ContactRequest
from articles.support import live


def claimed(contact: ContactRequest, agent, now: datetime | None = None) -> None:
    """Record that `agent` has (just) taken the chat `contact` (forms are not timed)."""
    if contact.channel != ContactRequest.Channel.CHAT or contact.assigned_to_id != agent.pk:
        return
    ChatClaim.objects.update_or_create(
        request=contact, defaults={"agent": agent, "taken_at": now or timezone.now()}
    )


def _answered_since(claim: ChatClaim) -> bool:
    return claim.request.messages.filter(from_agent=True, created_at__gte=claim.taken_at).exists()


@transaction.atomic
def release_overdue(now: datetime | None = None) -> list[tuple[str, dict]]:
    """Unassign the chats taken more than KB_CHAT_ANSWER_TIMEOUT seconds before `now` and
    not answered since; drop claims that are settled. Returns the events to send (the
    caller sends them: live.announce from pages, publish from a consumer)."""
    deadline = (now or timezone.now()) - timedelta(seconds=settings.KB_CHAT_ANSWER_TIMEOUT)
    released = []
    overdue = ChatClaim.objects.filter(taken_at__lt=deadline).select_related("request")
    for claim in overdue.select_for_update(of=("self",)):
        contact = claim.request
        still_theirs = contact.assigned_to_id == claim.agent_id
        if (
            still_theirs
            and contact.status == ContactRequest.Status.NEW
            and not _answered_since(claim)
        ):
            contact.assigned_to, contact.updated_at = None, timezone.now()
            ContactRequest.objects.filter(pk=contact.pk, assigned_to=claim.agent_id).update(
                assigned_to=None, updated_at=contact.updated_at
            )
            released.append(contact)
        claim.delete()
    return [event for contact in released for event in release_events(contact)]


def release_events(contact: ContactRequest) -> list[tuple[str, dict]]:
    """The state events of an unassigned conversation, its queue row marked `released`."""
    events = live.state_events(contact)
    return [
        (group, {**event, "row": {**event["row"], "released": True}} if "row" in event else event)
        for group, event in events
    ]
