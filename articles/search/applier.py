"""A host's index applier: one process that applies logged changes as they are committed.

Applying a save to the Whoosh index costs 0.2–0.4 s of Python (analysis, writing a
segment; a merge of small segments now and then costs up to a second more). Done in a
background thread of the gunicorn worker that answered the save, it shares that worker's
interpreter lock with its four request threads: under an incident's load it got a fifth
of it, and a save took 1.3–2.1 s to become searchable (the benchmark's 32 clients, 2
cores). In a process of its own it is scheduled by the kernel beside the workers instead.

So the gunicorn master, once warm, forks a process that runs `sync_search_index
--follow` before it forks its workers (gunicorn.conf.py), and names it in
KB_INDEX_APPLIER_PID, which the workers inherit. Forked, not started afresh: a new
interpreter would load jieba's dictionary and the analyzers again (250 MB more PSS for
master, workers and applier, measured), where the fork shares the master's pages. It
looks at the change log every POLL_SECONDS (one indexed query) and applies
what its host's index lacks (indexing.sync); it merges the segments those commits add
once changes pause for QUIET_SECONDS. While it is alive,
workers leave index writes to it (`applier_alive`); when it is not — never started
(`runserver`, tests, a command), crashed or stopped — they apply changes themselves as
before, so nothing waits on a dead applier. It stops when the master that started it is
gone.
"""

import logging
import os
import signal
import time
from collections.abc import Callable
from contextlib import suppress

from django.core.management import call_command

from articles.search.backends import get_backend

logger = logging.getLogger(__name__)

APPLIER_ENV = "KB_INDEX_APPLIER_PID"
POLL_SECONDS = 0.05  # how often the applier looks at the change log
RETRY_SECONDS = 2.0  # after a failed sync (no index yet, the database away)
QUIET_SECONDS = 1.0  # without a new change before segments are merged
CHILD_DEFAULT_SIGNALS = tuple(
    getattr(signal, name)
    for name in (
        "SIGTERM",
        "SIGINT",
        "SIGHUP",
        "SIGQUIT",
        "SIGCHLD",
        "SIGUSR1",
        "SIGUSR2",
        "SIGTTIN",
        "SIGTTOU",
        "SIGWINCH",
    )  # fmt: skip
    if hasattr(signal, name)
)


def start_applier(inherited_fds: tuple[int, ...] = ()) -> int | None:
    """Fork this host's applier from this process (the gunicorn master, warmed: the child
    shares jieba's dictionary and the analyzers with it copy-on-write, as the workers do)
    and name it in this process's environment, so workers forked afterwards know it.
    Returns its pid; None for a backend written in the saving transactions (PostgreSQL's:
    nothing to apply). Call it while this process runs no other thread (a fork copies
    only the calling one). `inherited_fds` (the master's listening sockets) are closed in
    the child."""
    if not get_backend().uses_change_log:
        return None
    pid = os.fork()
    if pid == 0:  # the applier: never returns
        status = 1
        try:
            for number in CHILD_DEFAULT_SIGNALS:  # the master's handlers are not its own
                signal.signal(number, signal.SIG_DFL)
            for fd in inherited_fds:
                os.close(fd)
            call_command("sync_search_index", follow=True, verbosity=0)
            status = 0
        except BaseException:  # noqa: BLE001  (logged; the workers take over)
            logger.exception("Index applier stopped.")
        finally:
            os._exit(status)
    os.environ[APPLIER_ENV] = str(pid)
    return pid


def stop_applier(pid: int) -> None:
    """Ask the applier `pid` to stop (SIGTERM); nothing if it is gone already."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


def applier_alive() -> bool:
    """True when this process was told of an applier (KB_INDEX_APPLIER_PID) that still
    runs: a live process, not a zombie."""
    try:
        pid = int(os.environ.get(APPLIER_ENV, ""))
    except ValueError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (not Linux): ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True


def follow(
    sync: Callable[[], int], latest_change: Callable[[], int | None], merge: Callable[[], None]
) -> None:
    """Apply changes as they are logged until the parent process is gone: `latest_change()`
    is the newest change-log id (None when the log is empty), `sync()` applies what the
    index lacks, `merge()` merges small segments — once no change came for QUIET_SECONDS,
    so that a merge (up to seconds under load) seldom delays the next save. A failure is
    logged once per kind and tried again after RETRY_SECONDS."""
    parent, applied_up_to, failed = os.getppid(), None, ""
    merge_due, last_applied = True, 0.0
    while os.getppid() == parent:
        try:
            latest = latest_change()
            if latest is not None and latest != applied_up_to:
                sync()
                applied_up_to, merge_due, last_applied = latest, True, time.monotonic()
            elif merge_due and time.monotonic() - last_applied >= QUIET_SECONDS:
                merge()
                merge_due = False
            failed = ""
        except Exception as error:  # noqa: BLE001  (the change stays in the log: try again)
            if type(error).__name__ + str(error) != failed:
                failed = type(error).__name__ + str(error)
                logger.warning("Index applier: changes not applied yet: %s", error)
            time.sleep(RETRY_SECONDS)
            continue
        time.sleep(POLL_SECONDS)
