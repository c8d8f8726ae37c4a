"""The chat through server trouble, in Chromium: a visitor on a phone (390 px) and an agent
at a desk (1,280 px), each in a browser context of their own.

- The ASGI server is killed (SIGKILL: no goodbye to any socket) and started again on the
  same port: both pages reconnect by themselves, and what each typed while it was down is
  sent then, once; nothing said before is lost or shown twice.
- Two ASGI servers share Redis (channels-redis), the visitor on one and the agent on the
  other: messages cross between them both ways within a second.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.chat_start import start_chat
from tests.browser.conftest import ROOT, SUPPORT_PASSWORD

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
REDIS_DB = 11  # a Redis database of these tests' own (conversation ids differ per run anyway)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AsgiServer:
    """gunicorn with one Uvicorn worker on kb.asgi, in its own process group (so that a
    SIGKILL takes the master and its worker at once), on a port that a restart keeps."""

    def __init__(self, env: dict, port: int | None = None) -> None:
        self.env, self.port = env, port or _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AsgiServer":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kb.asgi:application", "-k",
             "kb.chat_worker.ChatWorker", "-w", "1", "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        pytest.fail("gunicorn kb.asgi did not start")

    def kill(self) -> None:
        """SIGKILL to the master and its worker: sockets drop without a closing frame."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)


class SocketWatch:
    """A page's WebSockets as chat.js opens them: frames received and closes, counted from
    before they happen (waiting for one event after the fact could miss it)."""

    def __init__(self, page) -> None:
        self.page, self.frames, self.closes = page, [], 0
        page.on("websocket", self._opened)

    def _opened(self, socket) -> None:
        socket.on("framereceived", lambda payload: self.frames.append(payload))
        socket.on("close", lambda _socket: self._closed())

    def _closed(self) -> None:
        self.closes += 1

    def count(self, kind: str) -> int:
        """Frames of `kind` ("joined", "queued") received so far."""
        return sum(f'"type": "{kind}"' in str(frame) for frame in self.frames)

    def wait(self, condition, what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"waited {seconds} s for {what}")
            self.page.wait_for_timeout(50)


@pytest.fixture
def servers():
    started: list[AsgiServer] = []
    yield started
    for server in started:
        server.kill()


def _context(browser, url, viewport):
    context = browser.new_context(base_url=url, viewport=viewport, locale="en")
    page = context.new_page()
    problems: list[str] = []

    def console(message) -> None:
        # A dead server refuses the page's sockets and polls: expected in these tests.
        expected = "ERR_CONNECTION_REFUSED" in message.text or "WebSocket" in message.text
        if message.type == "error" and not expected:
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return context, page, problems, SocketWatch(page)


def _visitor_starts(browser, url, first):
    context, visitor, problems, watch = _context(browser, url, PHONE)
    visitor.goto("/en/chat/")
    start_chat(visitor, first)
    watch.wait(lambda: watch.count("joined") == 1, "the visitor's socket to join")
    visitor.get_by_role("log").get_by_text(first).wait_for()
    return context, visitor, problems, watch


def _agent_opens(browser, url, first):
    """An agent signed in on `url`'s workspace, on the conversation whose first message
    is `first`, its socket joined."""
    context, agent, problems, watch = _signed_in_agent(browser, url)
    agent.locator(".queue-row", has_text=first).get_by_role("link").click()
    watch.wait(lambda: watch.count("joined") == 1, "the agent's conversation socket to join")
    agent.get_by_role("log").get_by_text(first).wait_for()
    return context, agent, problems, watch


def _signed_in_agent(browser, url):
    """An agent on `url`'s workspace, its queue socket joined."""
    context, agent, problems, watch = _context(browser, url, DESK)
    agent.goto("/admin/login/?next=/en/support/")
    agent.fill("#id_username", "agent")
    agent.fill("#id_password", SUPPORT_PASSWORD)
    agent.locator("input[type=submit]").click()
    agent.wait_for_url("**/en/support/")
    watch.wait(lambda: watch.count("queued") == 1, "the workspace's socket to join")
    return context, agent, problems, watch


def _send(page, text: str) -> None:
    page.fill("textarea[name=message]", text)
    page.locator("textarea[name=message]").press("Enter")


def _bodies(page) -> list[str]:
    page.reload()
    items = page.get_by_role("log").locator(".thread-message .thread-body")
    return [text.strip() for text in items.all_inner_texts()]


def test_a_killed_and_restarted_server_loses_and_doubles_nothing(browser, demo_env, servers):
    server = AsgiServer(demo_env).start()
    servers.append(server)
    first = "Restart test: my withdrawal is stuck"
    visitor_context, visitor, visitor_problems, visitor_watch = _visitor_starts(
        browser, server.url, first
    )
    agent_context, agent, agent_problems, agent_watch = _agent_opens(browser, server.url, first)
    _send(agent, "Before the crash: we are looking.")
    visitor.get_by_role("log").get_by_text("Before the crash: we are looking.").wait_for()

    visitor_closes, agent_closes = visitor_watch.closes, agent_watch.closes
    server.kill()
    visitor_watch.wait(
        lambda: visitor_watch.closes > visitor_closes, "the visitor's socket to drop"
    )
    agent_watch.wait(lambda: agent_watch.closes > agent_closes, "the agent's socket to drop")
    _send(visitor, "Typed while the server was down")
    _send(agent, "Agent typed while down")
    assert visitor.locator(".thread-message.pending").count() == 1
    server.start()  # the same port, a new process: the pages reconnect on their own

    agent.get_by_role("log").get_by_text("Typed while the server was down").wait_for(timeout=30000)
    visitor.get_by_role("log").get_by_text("Agent typed while down").wait_for(timeout=30000)
    visitor.wait_for_function("() => !document.querySelector('.thread-message.pending')")
    agent.wait_for_function("() => !document.querySelector('.thread-message.pending')")
    _send(visitor, "After the restart")
    agent.get_by_role("log").get_by_text("After the restart").wait_for()

    expected = [first, "Before the crash: we are looking.", "Typed while the server was down",
                "Agent typed while down", "After the restart"]  # fmt: skip
    assert sorted(_bodies(visitor)) == sorted(expected)  # each once, on reload
    assert sorted(_bodies(agent)) == sorted(expected)
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []


def _redis_url() -> str:
    """redis://127.0.0.1:6379/<REDIS_DB>; skipped without Redis, except in CI."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    return f"redis://127.0.0.1:6379/{REDIS_DB}"


def _within_a_second(page, text: str) -> None:
    page.get_by_role("log").get_by_text(text).wait_for(timeout=1000)


def test_two_servers_sharing_redis_carry_a_chat_both_ways(browser, demo_env, servers):
    env = {**demo_env, "REDIS_URL": _redis_url()}
    one, two = AsgiServer(env).start(), AsgiServer(env).start()
    servers += [one, two]
    first = "Two servers: my card payment was declined"
    agent_context, agent, agent_problems, agent_watch = _signed_in_agent(browser, two.url)
    visitor_context, visitor, visitor_problems, _watch = _visitor_starts(browser, one.url, first)
    row = agent.locator(".queue-row", has_text=first)
    row.wait_for(timeout=5000)  # the workspace on server two heard of it from server one
    row.get_by_role("link").click()
    agent_watch.wait(lambda: agent_watch.count("joined") == 1, "the agent's socket to join")

    _send(agent, "Answer from server two")
    _within_a_second(visitor, "Answer from server two")
    _send(visitor, "Reply from server one")
    _within_a_second(agent, "Reply from server one")
    visitor_context.close()
    agent_context.close()
    assert visitor_problems == [] and agent_problems == []
