"""Writes that must never slow a request: kept in memory, flushed by a background thread.

Used for the search log, article view counts, API token use and the search index's
queued updates. `add` only appends to a list under a lock: it never wakes the writer
thread (waking it costs a thread switch, a few milliseconds of a busy worker's time on
every cached page served). The thread flushes every `linger` seconds instead, in batches;
a `prompt` writer (the index updates: a save must be searchable within a second) is woken
by the first item and flushes `linger` seconds later.

Crash window: what a process held when it died (at most `linger` seconds of items; at
exit it flushes) is lost. If the database is busy or down, a batch is dropped with a
warning: analytics may lose a little, a visitor never waits for it. Past MAX_PENDING
items waiting (the database far behind), new ones are dropped.
"""

import atexit
import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections

logger = logging.getLogger(__name__)
MAX_PENDING = 10_000


class BufferedWriter:
    """Collects items; `write(items)` persists a batch (≤ `batch` items), in a daemon
    thread, every `linger` seconds (or `linger` seconds after the first item, `prompt`)."""

    def __init__(self, name: str, write: Callable[[list], None], *, batch: int = 200,
                 linger: float = 0.5, prompt: bool = False) -> None:  # fmt: skip
        self.name = name
        self._write = write
        self._batch = batch
        self._linger = linger
        self._prompt = prompt
        self._pending: list = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        atexit.register(self.flush)

    def add(self, item) -> None:
        """Queue `item` for the next flush (dropped when MAX_PENDING are waiting)."""
        with self._lock:
            if len(self._pending) >= MAX_PENDING:
                return  # far behind: drop rather than make a visitor wait
            self._pending.append(item)
        if self._prompt:
            self._wake.set()
        self._ensure_thread()

    def write_now(self, items: list) -> None:
        """Write `items` in this thread, in batches; failures are logged, not raised."""
        for start in range(0, len(items), self._batch):
            chunk = items[start : start + self._batch]
            try:
                self._write(chunk)
            except Exception:  # noqa: BLE001  (never let bookkeeping break a request)
                logger.warning(
                    "%s: could not write %d item(s).", self.name, len(chunk), exc_info=True
                )

    def flush(self) -> None:
        """Write everything queued so far in this thread (at exit; in tests)."""
        items = self._take()
        if items:
            self.write_now(items)

    def _take(self) -> list:
        with self._lock:
            items, self._pending = self._pending, []
        return items

    def _ensure_thread(self) -> None:
        thread = self._thread
        if thread is not None and thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            if self._prompt:
                self._wake.wait()
                self._wake.clear()
            time.sleep(self._linger)
            items = self._take()
            if items:
                close_old_connections()
                self.write_now(items)
