"""Sampling profiles of the gunicorn server under load, with py-spy (an optional tool:
`pip install -e ".[profile]"`; `--profile DIR` of the benchmark).

py-spy samples the master and every worker from outside (no code change, no slowdown
of the measured process worth noting) and writes collapsed stacks; `summary` adds them
up per function: the share of samples in which a function is on the stack (inclusive)
and on top of it (self), which is where the time goes.
"""

import collections
import shutil
import signal
import subprocess
import sys
from pathlib import Path

IDLE = (
    "wait (threading.py",
    "select (selectors.py",
    "_worker (concurrent",
    "sleep (",
    "run (gunicorn",
)


# Frames every request passes through (threads, gunicorn, Django's handler, middleware
# wrappers): left out of the inclusive list, which would otherwise start with them.
PLUMBING = ("threading.py", "concurrent/futures", "gunicorn/", "django/core/handlers",
            "django/utils/deprecation.py", "__call__ (")  # fmt: skip


class Profiler:
    """py-spy recording a process and its children into `path` while in the `with`."""

    def __init__(self, pid: int, path: Path, rate: int = 67) -> None:
        self.pid, self.path, self.rate = pid, path, rate
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Profiler":
        beside = Path(sys.executable).parent / "py-spy"  # a virtualenv not on PATH
        exe = str(beside) if beside.exists() else shutil.which("py-spy")
        if exe is None:
            raise RuntimeError('--profile needs py-spy: pip install -e ".[profile]"')
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [exe, "record", "--pid", str(self.pid), "--subprocesses", "--format", "raw",
             "--rate", str(self.rate), "--nonblocking", "--output", str(self.path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return self

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)


def summary(path: Path, top: int = 25) -> dict:
    """{"samples": n, "inclusive": [(function, share)], "self": [...]} of busy samples
    (threads waiting for work are left out)."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    busy = 0
    if not path.exists():
        return {"samples": 0, "inclusive": [], "self": []}
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [frame for frame in stack.split(";") if frame and "(" in frame]
        if not frames or not count.isdigit() or any(frames[-1].startswith(i) for i in IDLE):
            continue
        busy += int(count)
        for frame in set(frames):
            if not any(part in frame for part in PLUMBING):
                inclusive[frame] += int(count)
        own[frames[-1]] += int(count)
    share = lambda counter: [  # noqa: E731
        (frame, round(n / busy, 3)) for frame, n in counter.most_common(top)
    ]
    return {"samples": busy, "inclusive": share(inclusive), "self": share(own)}
