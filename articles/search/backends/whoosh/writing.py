"""Writing a Whoosh index: batches of changes under the writer lock, and new generations."""

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh import index
from whoosh.index import LockError
from whoosh.writing import MERGE_SMALL

from articles.search.backends.base import IndexBatch as BaseBatch
from articles.search.backends.base import IndexBusy
from articles.search.backends.whoosh import schema
from articles.search.backends.whoosh.schema import meta_fields, to_fields
from articles.search.backends.whoosh.storage import Generations, unreadable_as_unavailable

# Segments an index may gather from saves before merge_small_segments merges them. Each
# batch commits a segment of its own without merging (a merge cost a save 0.3–1 s more
# before it was searchable); the merge follows, once the change is already visible.
MERGE_AFTER_SEGMENTS = 6


class IndexBatch(BaseBatch):
    """Changes made under the writer lock; committed together with the new meta."""

    def __init__(self, writer, meta: dict, path: Path) -> None:
        self._writer = writer
        self.meta = meta
        self.path = path
        self.dirty = False

    @property
    def applied_change_id(self) -> int:
        return int(self.meta.get("applied_change_id", 0))

    def replace_article(self, article_id: int, documents: list[dict]) -> None:
        self.dirty = True
        with unreadable_as_unavailable(self.path):  # deleting reads the old segments
            self._writer.delete_by_term("article_id", str(article_id))
            for document in documents:
                self._writer.add_document(**to_fields(document))

    def mark_applied(self, change_id: int) -> None:
        self.meta["applied_change_id"] = max(self.applied_change_id, change_id)


@contextmanager
def open_batch(generations: Generations, *, timeout: float) -> Iterator[IndexBatch]:
    """Hold the writer lock of the current generation (waiting at most `timeout` s) and
    commit on a clean exit when the batch changed anything.

    Raises IndexBusy when the lock is not free in time, IndexUnavailable when the index
    cannot be opened, read or written (the caller's own errors pass through).
    """
    path = generations.generation_dir()
    ix = generations.open(path)
    with unreadable_as_unavailable(path):
        writer = _locked_writer(ix, timeout)
        try:
            # Read "last applied" under the lock, from the writer's own view of the
            # index. (Not closed: closing it would close the readers the writer
            # deletes through.)
            batch = IndexBatch(writer, schema.read_meta(writer.searcher()), path)
        except BaseException:
            _cancel(writer)
            raise
    try:
        yield batch
    except BaseException:
        _cancel(writer)
        raise
    if not batch.dirty:
        _cancel(writer)
        return
    with unreadable_as_unavailable(path):
        try:
            writer.update_document(**meta_fields(batch.meta))
            writer.commit(merge=False)  # merged later: merge_small_segments
        except BaseException:
            _cancel(writer)
            raise


def merge_small_segments(generations: Generations, *, timeout: float) -> bool:
    """Merge the current generation's small segments (Whoosh's MERGE_SMALL policy) when
    there are more than MERGE_AFTER_SEGMENTS; True when it merged. Searching many small
    segments costs more than searching a few, and deletions stay in a segment until it
    is merged. Raises IndexBusy when another writer holds the lock for `timeout` s,
    IndexUnavailable when the index cannot be opened, read or written."""
    path = generations.generation_dir()
    ix = generations.open(path)
    with unreadable_as_unavailable(path):
        writer = _locked_writer(ix, timeout)
        try:
            # The policy adds the segments it merges to the writer and returns the others;
            # when it merges none, nothing is committed (a commit would change the index
            # version, and with it every cached page and result, for nothing).
            kept = writer.segments
            if len(kept) > MERGE_AFTER_SEGMENTS:
                kept = MERGE_SMALL(writer, writer.segments)
            if len(kept) == len(writer.segments):
                _cancel(writer)
                return False
            writer.commit(mergetype=lambda _writer, _segments: kept)
        except BaseException:
            _cancel(writer)
            raise
    return True


def write_generation(
    path: Path,
    languages: list[str],
    documents: Iterable[dict],
    *,
    applied_change_id: int,
    on_document: Callable[[], None],
) -> None:
    """Write a whole index of `documents` into the empty directory `path`."""
    ix = index.create_in(str(path), schema.build_schema(languages))
    # One analyzing process per core (up to 2), each writing its own segment: no final
    # merge ("optimize" would rewrite everything and cost as much again).
    procs = int(os.environ.get("KB_REBUILD_PROCESSES") or min(2, os.cpu_count() or 1))
    writer = ix.writer(limitmb=256, procs=procs, **({"multisegment": True} if procs > 1 else {}))
    for document in documents:
        writer.add_document(**to_fields(document))
        on_document()
    meta = {
        "schema_version": schema.SCHEMA_VERSION,
        "applied_change_id": applied_change_id,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "languages": languages,
    }
    writer.add_document(**meta_fields(meta))
    writer.commit()


def _locked_writer(ix, timeout: float):
    """A writer of `ix`, holding its lock (waited for at most `timeout` s; raises
    IndexBusy when another writer keeps it longer)."""
    try:
        return ix.writer(timeout=timeout, delay=0.05)
    except LockError:
        raise IndexBusy(f"The search index is locked by another writer for > {timeout}s.") from None


def _cancel(writer) -> None:
    """Release the writer lock after a failure, keeping the original error."""
    with suppress(Exception):
        writer.cancel()
