"""Where a Whoosh index lives on disk: generations, opening, and damage as IndexUnavailable.

Layout: `KB_INDEX_DIR/current` is a symlink to a generation directory (`gen-<time>-<pid>`)
holding one Whoosh index. A rebuild writes a new generation beside the old one (as
`.building-<pid>-gen-…` until it is complete) and swaps the symlink atomically, so
readers never see a half-built index, and a killed rebuild leaves nothing that could be
taken for a generation.
"""

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

from articles.search.backends.base import IndexBusy, IndexUnavailable
from articles.search.backends.whoosh import schema

logger = logging.getLogger(__name__)

BUILDING = ".building-"  # prefix of a generation being written (then renamed to gen-…)
# The process id of a build started by another process (search/startup.py), known before
# the builder has written anything.
BUILDER_PID = ".builder.pid"
REPAIR = "run `python manage.py rebuild_search_index`"


@contextmanager
def unreadable_as_unavailable(where: Path) -> Iterator[None]:
    """The one place where a failure to open or read the index's files becomes
    IndexUnavailable (one line, naming `rebuild_search_index`; the cause is chained).

    Damage shows as whatever the first read of the damaged bytes raises: OSError (a file
    deleted, unreadable, a directory in its place), EOFError or struct.error (truncated),
    pickle errors (a garbled table of contents), Whoosh's own errors, and others; which
    one depends on where the damage is and which thread reads first. So every Exception
    raised while Whoosh opens or reads the index counts, and searches degrade to the
    database instead of answering 500.
    """
    try:
        yield
    except (IndexUnavailable, IndexBusy):
        raise
    except Exception as error:  # noqa: BLE001  (see above: damage has no single type)
        kind = type(error)
        name = (
            kind.__qualname__
            if kind.__module__ == "builtins"
            else f"{kind.__module__}.{kind.__qualname__}"
        )
        detail = " ".join(f"{name}: {error}".split())[:300]
        raise IndexUnavailable(
            f"The search index in {where} cannot be read ({detail}): {REPAIR}."
        ) from error


class Generations:
    """The generation directories under one index root, and opening the current one."""

    def __init__(self, root: Path, languages: list[str]) -> None:
        self.root = Path(root)
        self.languages = list(languages)

    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def generation_dir(self) -> Path:
        try:
            target = os.readlink(self.current_link)
        except FileNotFoundError:
            raise IndexUnavailable(f"No search index in {self.root}: {REPAIR}.") from None
        except OSError as error:  # not a symlink, or unreadable
            raise IndexUnavailable(
                f"{self.current_link} is not a link to a search index ({error.strerror}): {REPAIR}."
            ) from None
        return self.root / target

    def open(self, path: Path):
        """The Whoosh index in generation `path` (raises IndexUnavailable)."""
        # Files are read, not memory-mapped: a segment truncated under a mapping kills
        # the whole process with SIGBUS on the next read, where a read raises EOFError.
        with unreadable_as_unavailable(path):
            try:
                ix = FileStorage(str(path), supports_mmap=False).open_index()
            except EmptyIndexError:
                raise IndexUnavailable(
                    f"The search index in {path} is empty or incomplete: {REPAIR}."
                ) from None
        expected = set(schema.build_schema(self.languages).names())
        if set(ix.schema.names()) != expected:
            raise IndexUnavailable(
                f"The search index in {path} was built for other languages or another "
                f"version: {REPAIR}."
            )
        return ix

    def check_meta(self, searcher, path: Path) -> None:
        """Raise IndexUnavailable unless the index is of this code's schema version."""
        meta = schema.read_meta(searcher)
        if meta.get("schema_version") != schema.SCHEMA_VERSION:
            raise IndexUnavailable(
                f"The search index in {path} has schema version {meta.get('schema_version')}, "
                f"this code needs {schema.SCHEMA_VERSION}: {REPAIR}."
            )

    def new_building(self) -> tuple[Path, str]:
        """A fresh directory to build a generation in, and the generation's name."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned_builds()
        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        building = self.root / f"{BUILDING}{os.getpid()}-{name}"
        building.mkdir()
        return building, name

    def swap_in(self, building: Path, name: str) -> None:
        """Rename a complete build to generation `name`, point `current` at it, and remove
        generations older than the one it replaces."""
        with self._finishing():
            os.rename(building, self.root / name)
            previous = self._swap_current(name)
            self._remove_old_generations(keep={name, previous})

    @contextmanager
    def _finishing(self) -> Iterator[None]:
        """Rebuilds finishing at the same time take turns: one's cleanup must not
        remove the generation another has just renamed and is about to swap in."""
        with open(self.root / ".rebuild.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _swap_current(self, name: str) -> str | None:
        """Point `current` at generation `name`; return the generation it pointed at."""
        try:
            previous = os.readlink(self.current_link)
        except FileNotFoundError:
            previous = None
        except OSError:
            # Not a link (someone put a directory or file there): moved aside, not lost.
            previous = None
            aside = self.root / f"current.replaced-{time.strftime('%Y%m%d%H%M%S')}"
            os.rename(self.current_link, aside)
            logger.warning(
                "%s was not a link to a search index: moved to %s.", self.current_link, aside
            )
        link = self.root / f".current-{name}"
        os.symlink(name, link)
        os.replace(link, self.current_link)
        return previous

    def _remove_old_generations(self, keep: set) -> None:
        # The previous generation stays a while: a reader in another process may still
        # have it open. Older ones go; never the one `current` points at now.
        keep = keep | {os.readlink(self.current_link)}
        for old in self.root.glob("gen-*"):
            if old.name not in keep and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)

    def build_under_way(self) -> bool:
        """True while a live process writes a generation here (`.building-<pid>-…`) or was
        started to (BUILDER_PID)."""
        pids = [path.name.removeprefix(BUILDING).split("-", 1)[0] for path in self._builds()]
        with suppress(OSError):  # no build was started by another process
            pids.append((self.root / BUILDER_PID).read_text().strip())
        return any(pid.isdigit() and _process_running(int(pid)) for pid in pids)

    def expect_build(self, pid: int | None) -> None:
        """Record (or, with None, forget) the process started to build a generation here."""
        if pid is None:
            (self.root / BUILDER_PID).unlink(missing_ok=True)
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / BUILDER_PID).write_text(str(pid))

    def _builds(self) -> list[Path]:
        return list(self.root.glob(f"{BUILDING}*")) if self.root.is_dir() else []

    def _remove_abandoned_builds(self) -> None:
        """Remove what rebuilds killed half-way left: `.building-<pid>-…` directories
        whose process is gone (a rebuild still running elsewhere keeps its own)."""
        for leftover in self.root.glob(f"{BUILDING}*"):
            pid = leftover.name.removeprefix(BUILDING).split("-", 1)[0]
            if not (pid.isdigit() and _process_running(int(pid))):
                shutil.rmtree(leftover, ignore_errors=True)


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
