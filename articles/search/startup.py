"""A host builds its own search index when it starts without a usable one.

A new host (an empty KB_INDEX_DIR), or one whose index cannot be opened (damaged, or built
for another schema version or other languages), would otherwise answer every search from
the database and /healthz 503 until someone ran `rebuild_search_index` by hand. So the
gunicorn master (gunicorn.conf.py) calls `start_build_if_needed()` before it forks its
workers: when the index does not open, it starts `rebuild_search_index --if-needed` as a
process of its own and goes on starting. Meanwhile the workers serve: pages as usual,
searches from the database (marked degraded), and /healthz answers 503 with
`"state": "building"`; when the new index is swapped in, every worker reads it within
a fraction of a second.

`build_if_needed` holds an exclusive lock in the index directory while it checks and
builds, so servers starting together on one directory (several gunicorn instances, or a
hand-run command) build it once: the others find it locked, or built.

Only for backends whose index lives on each host (Whoosh); the PostgreSQL backend's index
is shared, built once by `rebuild_search_index`.
"""

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from articles.search.backends.base import IndexUnavailable, SearchBackend
from articles.search.indexing import get_index
from articles.search.maintenance import rebuild

BUILD_LOCK = ".build.lock"  # in KB_INDEX_DIR: held by the process checking and building


def index_opens(index: SearchBackend) -> bool:
    """True when `index` opens afresh, readable and of this code's schema."""
    try:
        index.verify()
    except IndexUnavailable:
        return False
    return True


def start_build_if_needed() -> subprocess.Popen | None:
    """Start building this host's index in a process of its own when it does not open and
    nobody is building it; return that process (None when nothing was started).

    The child is `python -m django rebuild_search_index --if-needed -v0` with this
    process's environment (DJANGO_SETTINGS_MODULE defaulting to kb.settings); its output
    goes to this process's standard output and error (gunicorn's log).
    """
    index = get_index()
    if not index.uses_change_log or index_opens(index) or index.building():
        return None
    Path(settings.KB_INDEX_DIR).mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(  # noqa: S603  (this interpreter, fixed arguments)
        [sys.executable, "-m", "django", "rebuild_search_index", "--if-needed", "-v0"],
        env={"DJANGO_SETTINGS_MODULE": "kb.settings", **os.environ},
        stdin=subprocess.DEVNULL,
    )
    index.expect_build(process.pid)
    return process


def build_if_needed(*, progress: Callable[[int], None] | None = None) -> int | None:
    """Build the index when it does not open, unless another process is checking or
    building it (BUILD_LOCK); return the documents built, or None when nothing was built.

    Raises OSError when KB_INDEX_DIR cannot be written, IndexBusy as `rebuild` does.
    """
    index = get_index()
    if not index.uses_change_log:
        return None
    root = Path(settings.KB_INDEX_DIR)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / BUILD_LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another process checks or builds it now
        try:
            if index_opens(index):
                return None
            index.expect_build(os.getpid())
            # This host's index only: the degraded mode's tables on PostgreSQL are the
            # same for every host, written by every save (and by `rebuild_search_index`).
            return rebuild(progress=progress, shared_tables=False)
        finally:
            index.expect_build(None)
