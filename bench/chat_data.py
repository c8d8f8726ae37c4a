"""The chat benchmark's people, made in its scratch help center (run in a child process
with Django set up against the scratch data directory; see bench/chat_run.py).

Agents are Support members signed in by a session made here (no password round trips);
each conversation is opened as the chat page opens one (articles/support/requests.py),
so its private token is known to the benchmark's visitor.
"""

import json

from django.contrib.auth.models import Group, User
from django.test import Client

from articles.support import requests as contact_requests

FIRST_MESSAGE = "Benchmark: my top-up failed but the money left my bank account."


def prepare(chats: int, agents: int) -> dict:
    """Make `agents` signed-in agents and `chats` chat conversations in English.

    Returns {"agents": [session cookie values], "chats": [{"token", "reference"}]}.
    """
    support = Group.objects.get(name="Support")
    sessions = []
    for number in range(agents):
        user = User.objects.create_user(f"bench-agent-{number}", is_staff=True)
        user.groups.add(support)
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    conversations = []
    for number in range(chats):
        contact, token = contact_requests.create_request(
            language="en", email="", message=f"{FIRST_MESSAGE} ({number})", channel="chat",
            status_url_for=lambda token: f"http://127.0.0.1/en/requests/{token}/",
        )  # fmt: skip
        conversations.append({"token": token, "reference": contact.reference})
    return {"agents": sessions, "chats": conversations}


def main(chats: int, agents: int) -> None:
    """Print prepare()'s answer as one JSON line (what the parent process reads)."""
    print(json.dumps(prepare(chats, agents)))  # noqa: T201
