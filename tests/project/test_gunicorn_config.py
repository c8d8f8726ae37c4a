"""gunicorn.conf.py as gunicorn itself reads it (`--print-config` loads no application)."""

import os
import subprocess
import sys

from tests.paths import ROOT


def gunicorn_config(**env: str) -> dict[str, str]:
    """The settings gunicorn resolves from gunicorn.conf.py in the environment `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "WEB_"))}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "kb.wsgi", "-c", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    settings = (line.partition("=") for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, _, value in settings}


def test_no_control_socket_shared_by_every_server_of_the_user(tmp_path):
    # gunicorn's default (~/.gunicorn/gunicorn.ctl) is one path for every server a user
    # runs: a second server on the machine removed the first's socket.
    config = gunicorn_config(HOME=str(tmp_path))
    assert config["control_socket_disable"] == "True"


def test_a_control_socket_of_its_own_when_asked(tmp_path):
    path = str(tmp_path / "kb-8001.ctl")
    config = gunicorn_config(HOME=str(tmp_path), KB_CONTROL_SOCKET=path)
    assert config["control_socket_disable"] == "False"
    assert config["control_socket"] == path
