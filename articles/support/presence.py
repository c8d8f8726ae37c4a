"""Agents' presence: what they set in the workspace, and whether they are really there.

The rule: an agent is *available* for a language when they chose "available" in the
workspace, serve that language (AgentPresence.languages blank: every language), and a
workspace of theirs showed a sign of life within KB_CHAT_PRESENCE_TIMEOUT seconds. Signs
of life: loading the workspace, choosing a presence, and the heartbeat its script sends
over the agents' socket every HEARTBEAT_SECONDS. When every workspace tab is closed (or
the network is gone) the heartbeats stop, and the agent counts as offline at most
KB_CHAT_PRESENCE_TIMEOUT seconds later, without anyone pressing anything. Presence is
only ever read through `effective_status` and `available_agents`, which apply the rule.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import AgentPresence

HEARTBEAT_SECONDS = 25  # workspace.js sends one this often; well under the default timeout
Status = AgentPresence.Status


def _fresh_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.KB_CHAT_PRESENCE_TIMEOUT)


def presence_of(agent) -> AgentPresence:
    """`agent`'s presence row (made, offline, on first use)."""
    presence, _created = AgentPresence.objects.get_or_create(agent=agent)
    return presence


def effective_status(presence: AgentPresence, now: datetime | None = None) -> str:
    """The presence others are told: the chosen one, or offline once stale."""
    if presence.seen_at is None or presence.seen_at < _fresh_since(now):
        return Status.OFFLINE
    return presence.status


def set_status(agent, status: str, now: datetime | None = None) -> AgentPresence:
    """`agent` chooses `status` (a Status value; ValueError otherwise); it is a sign of
    life too."""
    presence = presence_of(agent)
    presence.status = Status(status)
    presence.seen_at = now or timezone.now()
    presence.save(update_fields=["status", "seen_at", "changed_at"])
    return presence


def heartbeat(agent, now: datetime | None = None) -> None:
    """A sign of life from `agent`'s workspace (one UPDATE; a first one makes the row)."""
    moment = now or timezone.now()
    if not AgentPresence.objects.filter(agent=agent).update(seen_at=moment):
        AgentPresence.objects.get_or_create(agent=agent, defaults={"seen_at": moment})


def available_agents(language: str | None = None, now: datetime | None = None) -> list:
    """Presence rows of agents available now (for `language`, if given), by username."""
    rows = AgentPresence.objects.filter(
        status=Status.AVAILABLE, seen_at__gte=_fresh_since(now)
    ).select_related("agent")
    return [row for row in rows if language is None or row.serves(language)]


def presence_payload(now: datetime | None = None) -> dict:
    """{"available": [usernames]}: what every workspace shows of its colleagues."""
    return {"available": [row.agent.get_username() for row in available_agents(now=now)]}
