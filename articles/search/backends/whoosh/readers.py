"""Reading a Whoosh index: one searcher per thread, refreshed cheaply when the index changes.

Each thread keeps a `ReaderState` (a searcher and scoring.py's ranker over it) and looks
at most every 0.2 s whether the index changed, at once after a write of this process. Any
failure to open or read the index's files becomes IndexUnavailable, and the thread starts
afresh on its next read.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from articles.search.backends.base import IndexStatus, IndexUnavailable
from articles.search.backends.whoosh import schema
from articles.search.backends.whoosh.scoring import Ranker
from articles.search.backends.whoosh.segments import ranker_for
from articles.search.backends.whoosh.storage import Generations, unreadable_as_unavailable

REFRESH_SECONDS = 0.2


@dataclass
class ReaderState:
    """One thread's view of the index: a searcher, and scoring.py's ranker over it."""

    path: Path
    searcher: object
    ranker: Ranker
    version: tuple  # (generation, Whoosh generation): changes whenever the index does
    checked: float = 0.0
    changed: int = 0


def status_of(searcher, path: Path) -> IndexStatus:
    """What the index opened by `searcher` (generation `path`) holds."""
    meta = schema.read_meta(searcher)
    return IndexStatus(
        generation=path.name,
        documents=searcher.doc_count() - (1 if meta else 0),
        schema_version=meta.get("schema_version"),
        applied_change_id=int(meta.get("applied_change_id", 0)),
        built_at=meta.get("built_at", ""),
    )


class Readers:
    """The searchers of one index directory, one per thread."""

    def __init__(self, generations: Generations) -> None:
        self.generations = generations
        self._local = threading.local()
        self._changed = 0  # bumped by writes in this process: readers refresh at once

    def changed(self) -> None:
        """This process wrote the index: every thread reopens on its next read."""
        self._changed += 1

    def forget(self) -> None:
        """Drop this thread's searcher (after a failure, or on request): the next read
        opens the index afresh."""
        state = getattr(self._local, "state", None)
        self._local.state = None
        if state is not None:
            with suppress(Exception):  # closing a damaged reader may fail too
                state.searcher.close()

    @contextmanager
    def reading(self) -> Iterator[ReaderState]:
        """This thread's searcher and ranker. Any failure to open or read the index,
        here or in the caller's `with` block, raises IndexUnavailable."""
        try:
            with unreadable_as_unavailable(self.generations.root):
                yield self._state()
        except IndexUnavailable:
            # A file vanished or is damaged under a reader: start afresh next time.
            self.forget()
            raise

    def verify(self) -> IndexStatus:
        """The status of the current generation, opened afresh as a worker starting now
        would open it (this thread's searcher may predate damage to the files and still
        answer). Raises IndexUnavailable when it cannot be opened, read, or is of another
        schema or other languages."""
        path = self.generations.generation_dir()
        with unreadable_as_unavailable(path):
            state = self._open_state(path, check_meta=True)
            try:
                return status_of(state.searcher, path)
            finally:
                state.searcher.close()

    def _state(self) -> ReaderState:
        """This thread's searcher state, refreshed when the index changed (every 0.2 s).
        Called within `reading()`, which turns any failure into IndexUnavailable."""
        local = self._local
        now = time.monotonic()
        state = getattr(local, "state", None)
        if state is None or now - state.checked > REFRESH_SECONDS or state.changed != self._changed:
            path = self.generations.generation_dir()
            if state is None or state.path != path or not state.searcher.up_to_date():
                # A fresh reader, not Searcher.refresh(): refresh reuses segment readers
                # and can keep their old deletions (replaced documents would come back).
                fresh = self._open_state(path, check_meta=state is None or state.path != path)
                if state is not None:
                    state.searcher.close()
                state = fresh
            state.checked = now
            state.changed = self._changed
            local.state = state
        return state

    def _open_state(self, path: Path, *, check_meta: bool) -> ReaderState:
        ix = self.generations.open(path)
        searcher = ix.searcher()
        try:
            if check_meta:
                self.generations.check_meta(searcher, path)
            return ReaderState(
                path=path,
                searcher=searcher,
                ranker=ranker_for(searcher, str(path)),
                version=(path.name, ix.latest_generation()),
            )
        except BaseException:
            searcher.close()
            raise
