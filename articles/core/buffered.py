"""Writes that must never slow a request: queued in memory, flushed by a background thread.

Used for the search log and article view counts. If the database is busy or down, a batch
is dropped with a warning: analytics may lose a little, a visitor never waits for it.
"""

import atexit
import logging
import queue
import threading
from collections.abc import Callable

from django.db import close_old_connections

logger = logging.getLogger(__name__)


class BufferedWriter:
    """Collects items; `write(items)` persists a batch, in a daemon thread."""

    def __init__(
        self, name: str, write: Callable[[list], None], *, batch: int = 200, linger: float = 0.5
    ) -> None:
        self.name = name
        self._write = write
        self._batch = batch
        self._linger = linger
        self._pending: queue.Queue = queue.Queue(maxsize=10_000)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        atexit.register(self.flush)

    def add(self, item) -> None:
        try:
            self._pending.put_nowait(item)
        except queue.Full:
            return  # far behind: drop rather than make a visitor wait
        self._ensure_thread()

    def write_now(self, items: list) -> None:
        try:
            self._write(items)
        except Exception:  # noqa: BLE001  (never let bookkeeping break a request)
            logger.warning("%s: could not write %d item(s).", self.name, len(items), exc_info=True)

    def flush(self) -> None:
        """Write everything queued so far in this thread (at exit; in tests)."""
        items = []
        while True:
            try:
                items.append(self._pending.get_nowait())
            except queue.Empty:
                break
        if items:
            self.write_now(items)

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            items = [self._pending.get()]
            while len(items) < self._batch:
                try:
                    items.append(self._pending.get(timeout=self._linger))
                except queue.Empty:
                    break
            close_old_connections()
            self.write_now(items)
