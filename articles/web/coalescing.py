"""Request coalescing: threads of one process that need the same thing at once compute
it once (the others wait for the first, then read what it stored)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RequestCoalescer:
    """The pages this process is rendering now, so that threads missing the same page at
    once render it once: after a save every visitor of a popular page misses it together,
    and each of them rendering it cost the most at the worst moment. The others wait for
    the first (at most WAIT_SECONDS), then read the cache; if the page was not stored (an
    error, a private answer) or the wait ran out, they render it themselves."""

    WAIT_SECONDS = 2.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._under_way: dict[str, threading.Event] = {}

    @contextmanager
    def first_or_wait(self, key: str) -> Iterator[bool]:
        """True to the thread that renders `key`; False to one that waited for it."""
        with self._lock:
            done = self._under_way.get(key)
            if done is None:
                done = self._under_way[key] = threading.Event()
                first = True
            else:
                first = False
        if not first:
            done.wait(self.WAIT_SECONDS)
            yield False
            return
        try:
            yield True
        finally:
            with self._lock:
                del self._under_way[key]
            done.set()
