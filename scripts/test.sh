#!/usr/bin/env bash
# Install what the test suite needs and run it: lint, then pytest on SQLite (browser tests
# included), then again on PostgreSQL (DATABASE_URL) when a server answers on
# 127.0.0.1:5432 — required under CI. The browser tests run their own server on SQLite, so
# the PostgreSQL pass skips them (-m "not browser").
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k search -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Exactly one distribution may provide the `whoosh` package (whoosh3, pinned).
if .venv/bin/python -m pip show --quiet Whoosh whoosh-reloaded >/dev/null 2>&1; then
  echo "A second whoosh distribution is installed beside whoosh3: pip uninstall Whoosh whoosh-reloaded" >&2
  exit 1
fi

# Browser tests: Debian's Chromium (never a browser download) and axe-core from npm.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
npm ci --no-audit --no-fund --loglevel=error

.venv/bin/ruff check .
.venv/bin/ruff format --check .

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export KB_DATA_DIR="$scratch/data"

echo "== tests on SQLite"
env -u DATABASE_URL .venv/bin/pytest "$@"

pg_url=${KB_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/kb}
if .venv/bin/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" "$pg_url" 2>/dev/null; then
  echo "== tests on PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" .venv/bin/pytest -m "not browser" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $pg_url: CI must test both databases." >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $pg_url: skipped the second run (CI requires it)."
fi
