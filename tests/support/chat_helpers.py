"""Shared by the chat tests: conversations, sockets on kb.asgi, a synchronous runner."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from articles.support import requests as contact_requests

HOST = "localhost"  # in the default DJANGO_ALLOWED_HOSTS, which kb.asgi read at import
ORIGIN = f"http://{HOST}"


def open_conversation(message: str = "My top-up failed", channel: str = "chat", **fields):
    """A stored chat conversation: (the ContactRequest, its private token)."""
    return contact_requests.create_request(
        language=fields.pop("language", "en"),
        email=fields.pop("email", ""),
        message=message,
        channel=channel,
        status_url_for=lambda token: f"http://{HOST}/en/requests/{token}/",
        **fields,
    )


def socket(path: str, *, origin: str | None = ORIGIN, cookie: str = "") -> WebsocketCommunicator:
    """A WebSocket to the real ASGI application (origin, session cookie as a browser's)."""
    from kb.asgi import application

    headers = [(b"host", HOST.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def joined_pair(token: str, reference: str, cookie: str) -> tuple:
    """(visitor, agent): the visitor's socket joined by `token`, an agent's (signed in by
    `cookie`) watching `reference`; both past their `joined` frame."""
    visitor, agent = socket("/ws/chat/"), socket("/ws/support/", cookie=cookie)
    await visitor.connect()
    await visitor.send_json_to({"type": "join", "token": token})
    await visitor.receive_json_from()
    await agent.connect()
    await agent.send_json_to({"type": "watch", "reference": reference})
    await agent.receive_json_from()
    return visitor, agent


def session_cookie(client) -> str:
    """The `Cookie` header of a signed-in test client, for a socket."""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def run(scenario) -> None:
    """Run the async `scenario()` from a synchronous test: its database work runs in this
    thread (database_sync_to_async is thread-sensitive), inside the test's transaction."""
    async_to_sync(scenario)()


@pytest.fixture
def chat_layer(settings, monkeypatch):
    """A fresh in-memory channel layer per test; the consumers' connection clean-up off
    (it would close the test's connection in the middle of its transaction); workspace
    rows gathered for 0.5 s, so that a row and its outbox's wait (0.25 s) come well within
    the communicator's default second."""
    from channels import db, layers

    from articles.support.views import queue_relay

    monkeypatch.setattr(queue_relay, "QUEUE_BATCH", 0.5)

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    monkeypatch.setattr(layers.channel_layers, "backends", {})
    monkeypatch.setattr(db, "close_old_connections", lambda: None)
