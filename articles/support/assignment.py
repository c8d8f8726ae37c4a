"""Who answers a conversation: taking it, assigning or transferring it, the chat limit.

An agent holds at most `KB_CHAT_MAX_PER_AGENT` open chats (not solved, channel chat; e-mail
conversations do not count): taking, being assigned or being transferred one more is
refused, whichever way it comes (the workspace's forms, its WebSocket, a reply that would
take an unassigned chat). The checks run under a lock on the agent's row, so two takes at
once cannot both pass the limit.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import ContactRequest
from articles.support import answer_timeout

ANSWER_PERMISSION = "articles.answer_contact_requests"
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"  # groups' permissions


class AssignmentRefused(Exception):
    """A take or an assignment that did not happen; `code` says why: "taken" (another agent
    has it), "full" (the agent holds the most chats allowed), "not_agent" (the chosen
    account may not answer conversations)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        """What the agent is told, in the active language."""
        if self.code == "full":
            return gettext(
                "Not taken: the agent already has %(limit)s open chats, the most allowed. "
                "Solve or transfer one first."
            ) % {"limit": chat_limit()}
        if self.code == "taken":
            return gettext("Another agent already took this conversation.")
        return gettext("Choose an agent who answers conversations.")


def chat_limit() -> int:
    """The most open chats one agent may hold (setting KB_CHAT_MAX_PER_AGENT)."""
    return settings.KB_CHAT_MAX_PER_AGENT


def open_chats(agent) -> int:
    """How many chats (not solved) `agent` holds now."""
    return (
        ContactRequest.objects.filter(assigned_to=agent, channel=ContactRequest.Channel.CHAT)
        .exclude(status=ContactRequest.Status.SOLVED)
        .count()
    )


def at_limit(agent, contact: ContactRequest) -> bool:
    """Whether giving `contact` to `agent` would pass the chat limit (a chat not yet
    theirs, while they hold chat_limit() open chats)."""
    if contact.channel != ContactRequest.Channel.CHAT or contact.assigned_to_id == agent.pk:
        return False
    return open_chats(agent) >= chat_limit()


def agents() -> list:
    """The active accounts that may answer conversations, by username."""
    users = get_user_model().objects.with_perm(ANSWER_PERMISSION, backend=PERMISSION_BACKEND)
    users = users.filter(is_active=True)
    return list(users.order_by("username"))


def _lock(agent) -> None:
    """Lock the agent's row until the transaction ends: one take or assignment at a time.

    FOR NO KEY UPDATE where the database has it (PostgreSQL): it does not block the
    key-share lock that storing a message with this agent takes on the row (the foreign
    key check), so a reply and a take of the same agent cannot deadlock; FOR UPDATE did.
    """
    no_key = connection.features.has_select_for_no_key_update
    get_user_model().objects.select_for_update(no_key=no_key).filter(pk=agent.pk).first()


@transaction.atomic
def take(contact: ContactRequest, agent) -> None:
    """`agent` takes `contact`, if nobody has it and the limit allows; nothing when it is
    already theirs. One conditional UPDATE: two agents taking at once cannot both get it.

    Raises AssignmentRefused("full") or AssignmentRefused("taken").
    """
    _lock(agent)
    contact.refresh_from_db(fields=["assigned_to", "status"])
    if contact.assigned_to_id == agent.pk:
        return
    if at_limit(agent, contact):
        raise AssignmentRefused("full")
    unassigned = ContactRequest.objects.filter(pk=contact.pk, assigned_to__isnull=True)
    taken = unassigned.update(assigned_to=agent, updated_at=timezone.now())
    contact.refresh_from_db(fields=["assigned_to", "updated_at"])
    if not taken and contact.assigned_to_id != agent.pk:
        raise AssignmentRefused("taken")
    answer_timeout.claimed(contact, agent)  # the answer is due within the timeout


@transaction.atomic
def assign(contact: ContactRequest, agent):
    """Give `contact` to `agent` (a transfer when someone else had it): return the agent
    who had it before (None when nobody did).

    Raises AssignmentRefused("not_agent") when `agent` may not answer conversations or is
    inactive, AssignmentRefused("full") when it would pass their chat limit.
    """
    if agent is None or not agent.is_active or not agent.has_perm(ANSWER_PERMISSION):
        raise AssignmentRefused("not_agent")
    _lock(agent)
    contact.refresh_from_db(fields=["assigned_to", "status"])
    previous = contact.assigned_to
    if previous is not None and previous.pk == agent.pk:
        return previous
    if at_limit(agent, contact):
        raise AssignmentRefused("full")
    contact.assigned_to = agent
    contact.save(update_fields=["assigned_to", "updated_at"])
    answer_timeout.claimed(contact, agent)  # a transfer: the new agent's answer is due
    return previous
