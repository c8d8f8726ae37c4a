"""What the agents' workspace lists: its views of open conversations and a customer's history.

Views (`?view=` on `/<lang>/support/`): `unassigned` (nobody has it), `mine` (the agent's
own) and `all`, each of the conversations not solved, chats and e-mail conversations
alike, those whose answer is due first and the longest waiting first. The page renders
them; its script keeps them live from the `support-queue` group's rows (live.py).
"""

from django.conf import settings
from django.db.models import F, Q

from articles.models import ContactRequest

VIEWS = ("unassigned", "mine", "all")
DEFAULT_VIEW = "all"  # the contract: the workspace lists every waiting conversation
VIEW_LIMIT = 100  # conversations a view lists at once, the longest waiting first
HISTORY_LIMIT = 20  # a customer's earlier conversations shown beside the current one


def chosen_view(raw) -> str:
    """A view name of VIEWS from a query parameter; DEFAULT_VIEW for anything else."""
    return raw if raw in VIEWS else DEFAULT_VIEW


def _open() -> Q:
    return ~Q(status=ContactRequest.Status.SOLVED)


def _filter(view: str, agent) -> Q:
    if view == "unassigned":
        return _open() & Q(assigned_to__isnull=True)
    if view == "mine":
        return _open() & Q(assigned_to=agent)
    return _open()


def conversations_in_view(view: str, agent) -> list[ContactRequest]:
    """The open conversations of `view` (one of VIEWS) for `agent`: those waiting for an
    answer first, the longest waiting first, then the least recently changed."""
    rows = ContactRequest.objects.filter(_filter(view, agent)).select_related("assigned_to")
    order = [F("waiting_since").asc(nulls_last=True), "updated_at", "pk"]
    return list(rows.order_by(*order)[:VIEW_LIMIT])


def view_counts(agent) -> dict[str, int]:
    """{view: how many open conversations it holds} for `agent`."""
    return {view: ContactRequest.objects.filter(_filter(view, agent)).count() for view in VIEWS}


def waiting_unassigned() -> list[str]:
    """References of the conversations nobody has whose answer is due (the title badge)."""
    rows = ContactRequest.objects.filter(status=ContactRequest.Status.NEW, assigned_to__isnull=True)
    return list(rows.values_list("reference", flat=True)[:VIEW_LIMIT])


def earlier_conversations(contact: ContactRequest) -> list[ContactRequest]:
    """The same customer's other conversations (same e-mail address, any case), the
    latest first; none when the conversation has no address."""
    if not contact.email:
        return []
    others = ContactRequest.objects.filter(email__iexact=contact.email).exclude(pk=contact.pk)
    return list(others.order_by("-created_at")[:HISTORY_LIMIT])


def queue_labels() -> dict:
    """What the workspace's script shows of a row: {"channels": {value: label},
    "statuses": {value: label}, "languages": {code: name}}, in the active language."""
    return {
        "channels": {
            value: str(label).capitalize() for value, label in ContactRequest.Channel.choices
        },
        "statuses": {
            value: str(label).capitalize() for value, label in ContactRequest.Status.choices
        },
        "languages": {code: str(name) for code, name in settings.LANGUAGES},
    }
