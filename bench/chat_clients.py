"""The chat benchmark's clients: visitors' and agents' WebSockets in one asyncio loop.

Run in a process of its own (bench/chat_run.py), so that the page-load threads of the
parent and these sockets do not share one interpreter lock. Per conversation: the
visitor's socket (`/ws/chat/`, joined by token) and an agent's socket watching it
(`/ws/support/`, joined by reference, as the agent's conversation page does); per agent,
one more socket on the workspace's queue. Both sides of every conversation then write as
chat.js does — "typing" when the first key is pressed, the message TYPING_SECONDS later
(its arrival is what says typing stopped) — every `every` seconds (± half, at random) for
as long as the parent says they talk, and each message is timed from its send to its
arrival on the other side.

Counted: delivery latency (ms), messages acknowledged, messages that never reached the
other side (lost: within `grace` seconds after the run), messages that arrived twice on a
socket (doubled), and errors the server sent.
"""

import asyncio
import contextlib
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

OPENING_AT_ONCE = 10  # handshakes in flight at a time while the sockets open
OPEN_ATTEMPTS = 5  # a socket refused or dropped while opening is tried again, as chat.js does
TYPING_SECONDS = 2.0  # from a side's "typing" frame to its message


@dataclass
class Tally:
    """What the clients saw; `sent` maps a client_id to (send time, receiving side)."""

    sent: dict = field(default_factory=dict)
    delivered: dict = field(default_factory=dict)  # client_id → arrival time
    arrivals: Counter = field(default_factory=Counter)  # (socket, message id) → count
    acknowledged: set = field(default_factory=set)
    errors: Counter = field(default_factory=Counter)
    queue_events: int = 0
    reopened: int = 0  # sockets that needed more than one attempt to open and join
    dropped: int = 0  # sockets the server closed during the run
    unsent: int = 0  # messages a dropped socket could not send


class Side:
    """One socket of a conversation: the visitor's or the agent's."""

    def __init__(self, name: str, socket, frame_extra: dict, tally: Tally) -> None:
        self.name, self.socket, self.extra, self.tally = name, socket, frame_extra, tally

    async def listen(self) -> None:
        try:
            await self._frames()
        except ConnectionClosed:
            self.tally.dropped += 1

    async def _frames(self) -> None:
        async for text in self.socket:
            frame = json.loads(text)
            kind = frame.get("type")
            if kind == "message":
                message = frame["message"]
                self.tally.arrivals[(self.name, message["id"])] += 1
                self.tally.delivered.setdefault(message["client_id"], time.monotonic())
            elif kind == "ack":
                self.tally.acknowledged.add(frame["client_id"])
            elif kind == "queue":
                self.tally.queue_events += len(frame["rows"])
            elif kind == "error":
                self.tally.errors[frame.get("code", "?")] += 1

    async def typing(self) -> None:
        """The "typing" frame chat.js sends on the first key press of a message."""
        with contextlib.suppress(ConnectionClosed):  # counted when the message cannot be sent
            await self.socket.send(json.dumps({"type": "typing", "typing": True, **self.extra}))

    async def send(self, client_id: str, body: str) -> None:
        frame = {"type": "message", "client_id": client_id, "body": body, **self.extra}
        sent_at = time.monotonic()
        try:
            await self.socket.send(json.dumps(frame))
        except ConnectionClosed:
            self.tally.unsent += 1
            return
        self.tally.sent[client_id] = sent_at


async def _open(url: str, origin: str, first: dict, cookie: str | None, gate, tally) -> object:
    """A socket joined with `first`; tried OPEN_ATTEMPTS times (a second apart, more each
    time) when the server refuses or drops it while it opens."""
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else None
    for attempt in range(OPEN_ATTEMPTS):
        async with gate:
            try:
                # No pings of its own (ping_interval=None): browsers send none; the
                # server's keepalive pings are answered, as a browser answers them.
                socket = await connect(
                    url, origin=origin, additional_headers=headers, open_timeout=30,
                    ping_interval=None,
                )  # fmt: skip
                await socket.send(json.dumps(first))
                while json.loads(await socket.recv())["type"] not in ("joined", "queued"):
                    pass
                return socket
            except (OSError, ConnectionClosed, InvalidStatus):
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                tally.reopened += 1
        await asyncio.sleep(attempt + 1)
    raise AssertionError("unreachable")


def _first_delay(every: float, rng: random.Random) -> float:
    """Seconds before a side's first "typing", as if its schedule had long been running:
    the gap it falls in is drawn by length (a longer gap is more likely to hold a given
    moment), the moment uniformly within it — renewal theory's stationary start — so that
    200 chats talk at their steady rate from the first second, not in waves."""
    while True:
        gap = rng.uniform(every / 2, every * 3 / 2)
        if rng.random() < gap / (every * 3 / 2):
            return rng.uniform(0, gap)


async def _talk(side: Side, tag: str, every: float, talk, rng: random.Random) -> None:
    """Until cancelled: every `every` seconds ± half, "typing", then TYPING_SECONDS later a
    message — each only while `talk` (a multiprocessing event) is set. The schedule runs
    on while it is not, so that a talking stretch starts at the steady rate."""
    number = 0
    await asyncio.sleep(_first_delay(every, rng))
    while True:
        if talk.is_set():
            await side.typing()
        await asyncio.sleep(TYPING_SECONDS)
        if talk.is_set():
            number += 1
            await side.send(f"b{tag}{number:05d}", f"Benchmark message {number} from {side.name}.")
        await asyncio.sleep(max(0.0, rng.uniform(every / 2, every * 3 / 2) - TYPING_SECONDS))


async def run_chats(config: dict, talk, stop, results) -> dict:
    """Open every socket and put {"ready": True} on `results`; talk while `talk` is set,
    until `stop` is (multiprocessing events); then count: _count()'s dict. Raises what
    a talking side raised (anything but its cancellation)."""
    sockets, sides, talkers, open_seconds = await _open_all(config, tally := Tally())
    listeners = [asyncio.create_task(side.listen()) for side in sides]
    results.put({"ready": True})
    rng = random.Random(7)  # noqa: S311
    talking = [
        asyncio.create_task(_talk(side, tag, config["every"], talk, rng)) for side, tag in talkers
    ]
    while not stop.is_set() and not any(task.done() for task in talking):
        await asyncio.sleep(0.1)
    for task in talking:
        task.cancel()
    outcomes = await asyncio.gather(*talking, return_exceptions=True)
    failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]  # not cancelled
    if failures:
        raise failures[0]
    await _settle(tally, config["grace"])
    for socket in sockets:
        await socket.close()  # closing an already dropped socket does nothing
    for listener in listeners:
        listener.cancel()
    return _count(tally, open_seconds, len(sockets))


async def _open_all(config: dict, tally: Tally) -> tuple[list, list, list, float]:
    """Every socket opened and joined: (sockets, Sides to listen on, (Side, client-id
    tag) pairs that talk, seconds it took)."""
    base, origin = config["ws_url"], config["origin"]
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    started = time.monotonic()
    opening = [
        _open(f"{base}/ws/support/", origin, {"type": "queue"}, cookie, gate, tally)
        for cookie in config["agents"]
    ]
    for number, chat in enumerate(config["chats"]):
        cookie = config["agents"][number % len(config["agents"])]
        join = {"type": "join", "token": chat["token"]}
        watch = {"type": "watch", "reference": chat["reference"]}
        opening.append(_open(f"{base}/ws/chat/", origin, join, None, gate, tally))
        opening.append(_open(f"{base}/ws/support/", origin, watch, cookie, gate, tally))
    sockets = await asyncio.gather(*opening)
    open_seconds = time.monotonic() - started
    workspaces, pairs = sockets[: len(config["agents"])], sockets[len(config["agents"]) :]
    sides = [Side(f"queue{n}", socket, {}, tally) for n, socket in enumerate(workspaces)]
    talkers = []
    for number, chat in enumerate(config["chats"]):
        visitor = Side(f"v{number}", pairs[2 * number], {}, tally)
        agent = Side(f"a{number}", pairs[2 * number + 1], {"reference": chat["reference"]}, tally)
        sides += [visitor, agent]
        talkers += [(visitor, f"{number:04d}v"), (agent, f"{number:04d}a")]
    return sockets, sides, talkers, open_seconds


async def _settle(tally: Tally, grace: float) -> None:
    """Wait until every sent message arrived, or `grace` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and len(tally.delivered) < len(tally.sent):
        await asyncio.sleep(0.1)


def _count(tally: Tally, open_seconds: float, sockets: int) -> dict:
    latencies = [
        (tally.delivered[client_id] - sent_at) * 1000
        for client_id, sent_at in tally.sent.items()
        if client_id in tally.delivered
    ]
    return {
        "sockets": sockets,
        "open_seconds": round(open_seconds, 1),
        "sent": len(tally.sent),
        "acknowledged": len(tally.acknowledged),
        "lost": len(set(tally.sent) - set(tally.delivered)),
        "doubled": sum(1 for count in tally.arrivals.values() if count > 1),
        "errors": dict(tally.errors),
        "reopened": tally.reopened,
        "dropped": tally.dropped,
        "unsent": tally.unsent,
        "queue_events": tally.queue_events,
        "latencies_ms": latencies,
    }


def client_process(config: dict, talk, stop, results) -> None:
    """The child process's entry: run_chats(), its report put on `results` (a
    multiprocessing queue) after {"ready": True}; an exception is put there as
    {"failed": text}."""
    try:
        results.put(asyncio.run(run_chats(config, talk, stop, results)))
    except Exception as error:  # noqa: BLE001  (reported by the parent, not swallowed)
        results.put({"failed": f"{type(error).__name__}: {error}"})
