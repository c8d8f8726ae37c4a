"""The chat benchmark's people, made in its scratch help center (run in a child process
with Django set up against the scratch data directory; see bench/chat_run.py).

Agents are Support members signed in by a session made here (no password round trips);
each conversation is opened as the chat page opens one (articles/support/requests.py),
so its private token is known to the benchmark's visitor, and taken by the agent whose
socket will watch it (assignment.take, as the workspace's "Take"): the benchmark times
chats under way, where a take happens once a chat (~12 minutes), not 200 takes in the
first talking seconds.
"""

import json
import time

from django.contrib.auth.models import Group, User
from django.test import Client

from articles.support import assignment, chat
from articles.support import requests as contact_requests
from bench.stats import summary

FIRST_MESSAGE = "Benchmark: my top-up failed but the money left my bank account."
STORE_SAMPLES = 300  # timed messages per side in store_timings(), after STORE_WARM_UP
STORE_WARM_UP = 30


def prepare(chats: int, agents: int) -> dict:
    """Make `agents` signed-in agents and `chats` chat conversations in English, the
    conversation number n taken by agent n % agents (raises
    assignment.AssignmentRefused("full") when chats > agents × KB_CHAT_MAX_PER_AGENT).

    Returns {"agents": [session cookie values], "chats": [{"token", "reference"}]}.
    """
    support = Group.objects.get(name="Support")
    users, sessions = [], []
    for number in range(agents):
        user = User.objects.create_user(f"bench-agent-{number}", is_staff=True)
        user.groups.add(support)
        client = Client()
        client.force_login(user)
        users.append(user)
        sessions.append(client.cookies["sessionid"].value)
    conversations = []
    for number in range(chats):
        contact, token = contact_requests.create_request(
            language="en", email="", message=f"{FIRST_MESSAGE} ({number})", channel="chat",
            status_url_for=lambda token: f"http://127.0.0.1/en/requests/{token}/",
        )  # fmt: skip
        assignment.take(contact, users[number % agents])
        conversations.append({"token": token, "reference": contact.reference})
    return {"agents": sessions, "chats": conversations}


def store_timings() -> dict:
    """Milliseconds to store one chat message in this process, as a chat socket's step
    does (chat.visitor_message, chat.agent_message: the message, the conversation's
    state, the live payload and events), with nothing else running: {"visitor":
    stats.summary, "agent": stats.summary}. Its conversation is deleted afterwards."""
    agent = User.objects.create_user("bench-timing-agent", is_staff=True)
    agent.groups.add(Group.objects.get(name="Support"))
    contact, _token = contact_requests.create_request(
        language="en", email="", message=FIRST_MESSAGE, channel="chat",
        status_url_for=lambda token: f"http://127.0.0.1/en/requests/{token}/",
    )  # fmt: skip
    steps = {
        "visitor": lambda content: chat.visitor_message(contact.pk, content),
        "agent": lambda content: chat.agent_message(contact.pk, agent, content),
    }
    timings = {}
    for side, step in steps.items():
        samples = []
        for number in range(STORE_WARM_UP + STORE_SAMPLES):
            content = {"body": f"Benchmark message {number}.", "client_id": f"t{side}{number:06d}"}
            started = time.perf_counter()
            step(content)
            samples.append((time.perf_counter() - started) * 1000)
        timings[side] = summary(samples[STORE_WARM_UP:])
    contact.delete()
    agent.delete()
    return timings


def main(chats: int, agents: int) -> None:
    """Print prepare()'s answer, with store_timings() as "store", as one JSON line (what
    the parent process reads)."""
    print(json.dumps({**prepare(chats, agents), "store": store_timings()}))  # noqa: T201
