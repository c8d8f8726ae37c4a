"""Real servers for tests: gunicorn processes of the help center on loopback ports."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from tests.paths import ROOT


def answers(port: int) -> bool:
    """True when something listens on 127.0.0.1:`port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def needs(what: str, port: int) -> None:
    """Skip the test when `what` does not answer on `port`, except in CI, where it fails."""
    if not answers(port):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} must answer on 127.0.0.1:{port} in CI")
        pytest.skip(f"no {what} on 127.0.0.1:{port}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_manage(env: dict, *args: str) -> str:
    """Run `manage.py args` in `env`; its standard output (it must succeed)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def get(url: str) -> tuple[int, bytes]:
    """(status, body) of a GET of `url`."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def server(env: dict):
    """A gunicorn server (2 workers) of the help center in `env`; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, "gunicorn exited"
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # answering (a 503 is the test's business)
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def health(url: str) -> dict:
    status, body = get(f"{url}/healthz")
    return {"status": status, **json.loads(body)}


def poll(condition, seconds: float) -> bool:
    """True as soon as `condition()` is; False if it is still not after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
