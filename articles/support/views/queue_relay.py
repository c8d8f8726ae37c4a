"""The workspaces' queue, heard once per process and handed to every workspace in it.

Every stored message changes its conversation's workspace row (live.state_events), and
every open workspace shows every open conversation. Were each workspace socket a member
of the `support-queue` group, 200 busy chats (80 messages a second) and 50 workspaces
would make 4,000 layer deliveries a second, each decoded and dispatched by its consumer.
Here one relay per process and event loop is the group's only member in that process:
it gathers rows for QUEUE_BATCH seconds (the latest per conversation), encodes one
frame `{"type": "queue", "rows": [...]}` and sends that same text to each of the
process's workspace sockets; `presence.changed` events are relayed at once as
`{"type": "presence", "available": [...]}`.

Rows are gathered where they are made too: the rows a process's chat sockets make (a
message, a take) wait up to OUTBOX_BATCH seconds in its outbox and travel as one
`queue.rows` event, instead of one `queue.changed` event (one Redis PUBLISH, and one
delivery to every process) per message. Pages still send single `queue.changed` events
(live.announce). A workspace's list is thus at most OUTBOX_BATCH + QUEUE_BATCH seconds
behind; messages themselves travel in their conversation's group, at once (consumers.py).
"""

import asyncio
import json
import logging
import time
import weakref
from datetime import datetime

from channels.layers import get_channel_layer

from articles.support import live

logger = logging.getLogger(__name__)

# Seconds a process gathers workspace rows before one frame carries them. Every gathering
# is one frame to each workspace (50 agents: 50 writes here, 50 decodes in browsers);
# 0.75 s, not 0.5, makes a third fewer while a row still reaches the list within a second
# of its change (OUTBOX_BATCH + QUEUE_BATCH); the conversation's own messages do not
# wait for it (docs/benchmark.md, "Fewer events per message").
QUEUE_BATCH = 0.75
OUTBOX_BATCH = 0.25  # seconds a process gathers the rows its sockets make before publishing
# Seconds a conversation's latest row time is remembered after it was sent on: rows of one
# conversation arrive out of order by at most an outbox's wait and a publication.
ROW_MEMORY = 10.0

# One relay and one outbox per event loop (a server has one; each test's scenario its own).
_relays: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, QueueRelay]" = (
    weakref.WeakKeyDictionary()
)
_outboxes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, QueueOutbox]" = (
    weakref.WeakKeyDictionary()
)


class LatestRows:
    """The latest workspace row per conversation, by the row's `updated_at` (ISO 8601).

    Rows of one conversation made in two processes (the visitor's socket in one, the
    agent's in another), or by a page and a socket, can arrive out of order: a row older
    than one already taken, now or in the last ROW_MEMORY seconds, is dropped, so a
    workspace never goes back to a state the conversation has left.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}  # reference → the latest row not taken out yet
        self.times: dict[str, tuple[datetime, float]] = {}  # → (updated_at, monotonic)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def add(self, row: dict) -> None:
        """Gather `row` unless an equally recent or newer one of its conversation came."""
        reference, changed = row["reference"], datetime.fromisoformat(row["updated_at"])
        latest = self.times.get(reference)
        if latest is not None and changed < latest[0]:
            return
        self.times[reference] = (changed, time.monotonic())
        self.rows[reference] = row

    def take(self) -> list[dict]:
        """The gathered rows (then none); times older than ROW_MEMORY are forgotten."""
        rows, self.rows = list(self.rows.values()), {}
        horizon = time.monotonic() - ROW_MEMORY
        self.times = {ref: seen for ref, seen in self.times.items() if seen[1] >= horizon}
        return rows


class QueueRelay:
    """The `support-queue` group's member for the sockets of one event loop.

    `sockets` are consumers (channels' AsyncWebsocketConsumer) with a `send(text_data=)`.
    """

    def __init__(self, layer) -> None:
        self.layer = layer
        self.sockets: set = set()
        self.rows = LatestRows()  # not sent yet
        self.listening: asyncio.Task | None = None
        self.sending: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Join the group (once): events sent after this returns reach the relay."""
        if self.listening is None:
            channel = await self.layer.new_channel()
            await self.layer.group_add(live.QUEUE_GROUP, channel)
            self.listening = asyncio.ensure_future(self._listen(channel))

    async def _listen(self, channel: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001  (Redis down: try again, never die)
                logger.error("Workspace queue not heard: %s", type(error).__name__)
                await asyncio.sleep(1)
                continue
            self.hear(event)

    def hear(self, event: dict) -> None:
        """Take one event of the group: rows to gather (`queue.changed`: one, from a page;
        `queue.rows`: a process's outbox), or presence to pass on now."""
        kind = event.get("type")
        if kind in ("queue.changed", "queue.rows"):
            if not self.rows:
                asyncio.get_running_loop().call_later(QUEUE_BATCH, self.flush)
            for row in event["rows"] if kind == "queue.rows" else [event["row"]]:
                self.rows.add(row)
        elif event.get("type") == "presence.changed":
            self._send_all({"type": "presence", "available": event["available"]})

    def flush(self) -> None:
        """Send the gathered rows, in one frame, to every workspace socket of the loop."""
        rows = self.rows.take()
        if rows:
            self._send_all({"type": "queue", "rows": rows})

    def _send_all(self, frame: dict) -> None:
        text = json.dumps(frame)
        for socket in list(self.sockets):
            task = asyncio.ensure_future(socket.send(text_data=text))
            self.sending.add(task)
            task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task) -> None:
        self.sending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # A socket closing while a frame was on its way: it leaves the relay itself.
            logger.debug("Queue frame not sent: %s", type(task.exception()).__name__)


class QueueOutbox:
    """The workspace rows one event loop's sockets make, published together: the latest
    row per conversation, OUTBOX_BATCH seconds after the first, as one `queue.rows`
    event of the `support-queue` group. A layer that cannot send (Redis down) is logged;
    the rows are then seen on the workspaces' next load."""

    def __init__(self, layer) -> None:
        self.layer = layer
        self.rows = LatestRows()  # not published yet
        self.publishing: set[asyncio.Task] = set()

    def add(self, row: dict) -> None:
        """Gather `row` (live.queue_row's dict) for the next publication."""
        if not self.rows:
            asyncio.get_running_loop().call_later(OUTBOX_BATCH, self._publish_gathered)
        self.rows.add(row)

    def _publish_gathered(self) -> None:
        task = asyncio.ensure_future(self.publish_now())
        self.publishing.add(task)
        task.add_done_callback(self.publishing.discard)

    async def publish_now(self) -> None:
        """Publish the gathered rows now (nothing when none are waiting)."""
        rows = self.rows.take()
        if not rows:
            return
        try:
            await self.layer.group_send(live.QUEUE_GROUP, {"type": "queue.rows", "rows": rows})
        except Exception as error:  # noqa: BLE001  (Redis down: stored, seen on next load)
            logger.error("Workspace rows not published: %s", type(error).__name__)


def publish_row(row: dict) -> None:
    """Publish a workspace row made by a socket of the running loop (through its outbox)."""
    loop, layer = asyncio.get_running_loop(), get_channel_layer()
    outbox = _outboxes.get(loop)
    if outbox is None or outbox.layer is not layer:
        outbox = _outboxes[loop] = QueueOutbox(layer)
    outbox.add(row)


async def publish_waiting() -> None:
    """Publish the running loop's waiting rows now (a socket closes: the server may be
    stopping, and rows left in the outbox would never reach the workspaces)."""
    outbox = _outboxes.get(asyncio.get_running_loop())
    if outbox is not None:
        await outbox.publish_now()


async def join(socket) -> None:
    """Add a workspace socket to its loop's relay (started on the first)."""
    loop = asyncio.get_running_loop()
    layer = get_channel_layer()
    relay = _relays.get(loop)
    if relay is None or relay.layer is not layer:
        relay = _relays[loop] = QueueRelay(layer)
    relay.sockets.add(socket)
    await relay.start()


def leave(socket) -> None:
    """Remove a socket (it closed) from its loop's relay."""
    try:
        relay = _relays.get(asyncio.get_running_loop())
    except RuntimeError:
        return
    if relay is not None:
        relay.sockets.discard(socket)
