"""A real gunicorn server for the benchmark: HTTP latency and a load run."""

import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from bench.stats import summary

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the repository's gunicorn.conf.py, in the given environment, serving
    `command` (the app and gunicorn's options beside the configuration file's)."""

    command: tuple[str, ...] = ("kb.wsgi",)

    def __init__(self, env: dict, workers: int = 2) -> None:
        self.port = free_port()
        self.env = {**env, "KB_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *self.command, "-c", str(ROOT / "gunicorn.conf.py"),
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,  # its own group: see __exit__
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = self.get("/healthz")
                if status in (200, 503):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still waiting on open sockets
                os.killpg(self.process.pid, signal.SIGKILL)  # the master and its workers
                self.process.wait(timeout=30)

    def get(self, path: str, connection: http.client.HTTPConnection | None = None,
            headers: dict | None = None):  # fmt: skip
        conn = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Accept-Language": "en", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        if connection is None:
            conn.close()
        return response.status, body

    def latencies(self, paths: list[str], headers: dict | None = None) -> list[float]:
        """Milliseconds per request, sequential, over one keep-alive connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        samples = []
        for path in paths:
            started = time.perf_counter()
            status, _body = self.get(path, conn, headers)
            samples.append((time.perf_counter() - started) * 1000)
            if status >= 500:
                raise RuntimeError(f"{path} answered {status}")
        conn.close()
        return samples

    def pids(self) -> list[int]:
        """The master's and its workers' process ids."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        return pids

    def proportional_memory_mb(self) -> float:
        """Memory of the master and its workers now, pages shared copy-on-write counted
        once (PSS, added up): what the server really takes."""
        total_kb = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total_kb += int(line.split()[1])
            except (FileNotFoundError, PermissionError):
                pass
        return round(total_kb / 1024, 1)

    def peak_memory_mb(self) -> float:
        """Peak resident memory of the master and its workers, added up (pages shared
        between them counted in each: an upper bound)."""
        total_kb = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total_kb += int(line.split()[1])
            except FileNotFoundError:
                pass
        return round(total_kb / 1024, 1)

    def load(
        self,
        mix: dict[str, list[str]],
        seconds: float,
        clients: int = 8,
        *,
        timeline: list | None = None,
        headers: dict | None = None,
    ) -> dict:
        """Closed-loop load: `clients` threads pick a request by the mix's weights.

        `timeline`, if given, receives (start as time.monotonic(), milliseconds, kind) of
        every answered request, to compare requests made while something else happened.
        `headers` are sent with every request (beside `Accept-Language: en`).
        """
        kinds = list(mix)
        weights = [float(kind.split(":")[1]) for kind in kinds]
        deadline = time.monotonic() + seconds
        samples: dict[str, list[float]] = {kind: [] for kind in kinds}
        errors = []
        lock = threading.Lock()

        def client(seed: int) -> None:
            rng = random.Random(seed)  # noqa: S311
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            while time.monotonic() < deadline:
                kind = rng.choices(kinds, weights)[0]
                path = rng.choice(mix[kind])
                started = time.perf_counter()
                began = time.monotonic()
                try:
                    status, _ = self.get(path, conn, headers)
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    status = repr(error)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if status != 200:
                        errors.append(f"{path}: {status}")
                    else:
                        samples[kind].append(elapsed)
                        if timeline is not None:
                            timeline.append((began, elapsed, kind.split(":")[0]))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        everything = [s for kind in kinds for s in samples[kind]]
        return {
            "seconds": round(elapsed, 1),
            "clients": clients,
            "requests": len(everything) + len(errors),
            "throughput_rps": round((len(everything) + len(errors)) / elapsed, 1),
            "errors": len(errors),
            "error_examples": errors[:5],
            "all": summary(everything),
            **{kind.split(":")[0]: summary(samples[kind]) for kind in kinds},
        }


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) each of the processes `pids` has used so far, its
    children that ended and were waited for included: {pid: seconds}, read from
    /proc/<pid>/stat (utime, stime, cutime, cstime: fields 14-17, in clock ticks;
    proc(5)); a process that is gone is left out. Linux only ({} elsewhere)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        # Fields 14-17 counted from 1 are the 12th to 15th after the name.
        used[pid] = sum(int(field) for field in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two cpu_seconds() readings of a process group that holds
    its parent (a gunicorn master and its workers): a worker that ended in between is
    counted in its parent's children's time, all of it, less its share already read
    before; one born in between from 0."""
    return sum(after.values()) - sum(before.values())


def url_quote(text: str) -> str:
    return quote(text, safe="")


def environment(data_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KB_INDEX_DIR")}
    # KB_RATE_LIMIT=0: the benchmark's clients all come from one address; throttles off.
    env.update(KB_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="kb.settings", KB_RATE_LIMIT="0")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env
