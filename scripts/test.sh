#!/usr/bin/env bash
# Install what the test suite needs and run it: lint, then pytest on SQLite with the oldest
# supported Python (browser tests included), then again on PostgreSQL (DATABASE_URL, when a
# server answers on 127.0.0.1:5432 — required under CI) with the newest supported Python
# (3.13 by default, KB_TEST_SECOND_PYTHON to change; the first Python when it is absent
# outside CI). Two passes cover both databases and both ends of the Python range within
# CI's time budget. The browser tests run their own server on SQLite, so the second pass
# skips them. Every pass uses both cores (pytest-xdist: each worker has its own test
# database and index). Extra arguments go to pytest, e.g. `bash scripts/test.sh -k search -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

# python_at VERSION: an interpreter of that version on PATH or under pyenv, else nothing.
python_at() {
  local candidate
  for candidate in "$(command -v "python$1" || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/"python$1"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c "" 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
}

# venv_for DIR PYTHON: a virtual environment with the project and its test dependencies.
venv_for() {
  [ -x "$1/bin/python" ] || "$2" -m venv "$1"
  "$1/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  # Exactly one distribution may provide the `whoosh` package (whoosh3, pinned).
  if "$1/bin/python" -m pip show --quiet Whoosh whoosh-reloaded >/dev/null 2>&1; then
    echo "A second whoosh distribution is installed beside whoosh3: pip uninstall Whoosh whoosh-reloaded" >&2
    exit 1
  fi
}

PYTHON=${PYTHON:-$(python_at 3.11)}
PYTHON=${PYTHON:-$(command -v python3)}
venv_for .venv "$PYTHON"

# Browser tests: Debian's Chromium (never a browser download) and axe-core from npm; a
# small Chinese font, so that Chinese pages are laid out (and screenshotted) with real
# glyphs, not empty boxes of another width.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  fi
fi
npm ci --no-audit --no-fund --loglevel=error

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The layers of the code (pyproject.toml [tool.importlinter]): a broken contract fails the run.
.venv/bin/lint-imports --no-cache

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

second=${KB_TEST_SECOND_PYTHON:-3.13}
second_python=$(python_at "$second")
second_install=""
if [ -n "$second_python" ]; then
  second_venv=".venv-$second"
  venv_for "$second_venv" "$second_python" >"$scratch/second-venv.log" 2>&1 &
  second_install=$!
elif [ "${CI:-}" = "true" ]; then
  echo "Python $second is not installed: CI must test the oldest and newest supported Pythons." >&2
  exit 1
else
  echo "== Python $second not found: the PostgreSQL pass uses $(.venv/bin/python --version) (CI requires $second)."
  second_venv=.venv
fi
export KB_DATA_DIR="$scratch/data"

# Screenshots of this run only (the browser tests write them in the first pass).
rm -rf tests/browser/screenshots

echo "== tests on SQLite ($(.venv/bin/python --version))"
env -u DATABASE_URL .venv/bin/pytest -n 2 "$@"

# The second venv, installed while the SQLite pass runs (pip mostly waits on the network
# and the disk): its output is shown only if it fails.
if [ -n "$second_install" ]; then
  if ! wait "$second_install"; then
    cat "$scratch/second-venv.log" >&2
    exit 1
  fi
fi

pg_url=${KB_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/kb}
if "$second_venv/bin/python" -c "import psycopg,sys; psycopg.connect(sys.argv[1].rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" "$pg_url" 2>/dev/null; then
  echo "== tests on PostgreSQL ($pg_url, $("$second_venv/bin/python" --version))"
  DATABASE_URL="$pg_url" "$second_venv/bin/pytest" -m "not browser" -n 2 "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $pg_url: CI must test both databases." >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $pg_url: skipped the second run (CI requires it)."
fi
