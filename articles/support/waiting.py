"""What a chat's visitor is told about waiting: is anyone there, their place, how long.

`chat_availability(language)` decides before the visitor types: `live` (open and at
least one agent available for the language), `closed` (outside the opening hours, with
when the team is back) or `no_agent` (within the hours, but nobody available). Only
`live` promises an answer here; the others turn the chat into a message answered by
e-mail.

`queue_position(contact)`: 1 + the unassigned new chats that have waited longer (the
workspace's order, conversations.waiting). `expected_wait()`: the median time to the
first agent answer of the last KB_CHAT_WAIT_SAMPLE chats answered within
RECENT_DAYS — the same figure chat tools publish as "typically replies in"; the median,
not the mean, so that one chat left overnight does not make every wait look long. With
fewer than MIN_SAMPLE answered chats there is no estimate, and the page says so.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone

from articles.models import ChatByEmail, ContactRequest
from articles.support import hours, presence

RECENT_DAYS = 30
MIN_SAMPLE = 3
Chat = ContactRequest.Channel.CHAT


@dataclass(frozen=True)
class Availability:
    """`state`: "live", "closed" or "no_agent"; `opening`: the hours (hours.Opening);
    `agents`: how many are available for the language."""

    state: str
    opening: hours.Opening
    agents: int

    @property
    def live(self) -> bool:
        return self.state == "live"


def chat_availability(language: str, now: datetime | None = None) -> Availability:
    """Whether `language`'s visitors can be answered live at `now` (default: now)."""
    opening = hours.opening(language, now)
    agents = len(presence.available_agents(language, now)) if opening.open else 0
    state = ("live" if agents else "no_agent") if opening.open else "closed"
    return Availability(state=state, opening=opening, agents=agents)


def queue_position(contact: ContactRequest) -> int | None:
    """The conversation's place among the unassigned new chats (1 = next), or None when it
    is not waiting there (taken by an agent, answered, solved, or not a chat)."""
    if contact.channel != Chat or contact.status != ContactRequest.Status.NEW:
        return None
    if contact.assigned_to_id is not None:
        return None
    ahead = ContactRequest.objects.filter(
        channel=Chat, status=ContactRequest.Status.NEW, assigned_to__isnull=True
    ).filter(
        Q(updated_at__lt=contact.updated_at) | Q(updated_at=contact.updated_at, pk__lt=contact.pk)
    )
    return ahead.count() + 1


def first_response_seconds(now: datetime | None = None) -> list[float]:
    """Seconds from opening to the first agent message of the latest answered chats (at most
    KB_CHAT_WAIT_SAMPLE, answered within RECENT_DAYS), latest first."""
    since = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    answered = (
        ContactRequest.objects.filter(channel=Chat)
        .annotate(first_answer=Min("messages__created_at", filter=Q(messages__from_agent=True)))
        .filter(first_answer__gte=since)
        .order_by("-first_answer")
        .values_list("created_at", "first_answer")[: settings.KB_CHAT_WAIT_SAMPLE]
    )
    return [max(0.0, (answer - opened).total_seconds()) for opened, answer in answered]


def expected_wait(now: datetime | None = None) -> timedelta | None:
    """The median first answer of recent chats; None with fewer than MIN_SAMPLE of them."""
    samples = first_response_seconds(now)
    if len(samples) < MIN_SAMPLE:
        return None
    return timedelta(seconds=statistics.median(samples))


def wait_minutes(wait: timedelta | None) -> int | None:
    """A wait as whole minutes for people (at least 1: "under a minute" reads as 1)."""
    if wait is None:
        return None
    return max(1, round(wait.total_seconds() / 60))


def wait_payload(contact: ContactRequest, now: datetime | None = None) -> dict:
    """{"position", "minutes", "state"}: what a waiting visitor's page shows (position and
    minutes None when they do not apply or are unknown)."""
    if contact.channel != Chat:
        return {"position": None, "minutes": None, "state": None}
    position = queue_position(contact)
    availability = chat_availability(contact.language, now)
    minutes = wait_minutes(expected_wait(now)) if position is not None else None
    return {"position": position, "minutes": minutes, "state": availability.state}


def answer_by_email(contact: ContactRequest, availability: Availability) -> None:
    """Mark a chat opened while nobody could answer live, with an e-mail address given: its
    answers are e-mailed. Without an address they wait on the conversation's page."""
    if not availability.live and contact.email:
        ChatByEmail.objects.get_or_create(request=contact, defaults={"reason": availability.state})


def waiting_chats() -> int:
    """How many chats wait for an agent (new, unassigned): a newcomer's place is this + 1."""
    return ContactRequest.objects.filter(
        channel=Chat, status=ContactRequest.Status.NEW, assigned_to__isnull=True
    ).count()
