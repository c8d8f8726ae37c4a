"""The PostgreSQL search backend, measured on the same corpus and queries as Whoosh.

With `--postgres URL --backend postgres`, after the corpus is copied into the scratch
PostgreSQL database, a child process with KB_SEARCH_BACKEND=postgres rebuilds the search
tables there and times the same in-process query sets as the Whoosh run (uncached and
cached); the PostgreSQL load run then serves with that backend. The report prints the
three engines side by side: Whoosh, the PostgreSQL backend, and the FTS5 baseline.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench.server import ROOT, environment

CHILD = """
import json, sys, time, django
django.setup()
from articles import search
from bench.in_process import in_process
languages, queries, repetitions = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
documents = search.rebuild()
seconds = time.perf_counter() - started
print(json.dumps({
    "rebuild": {"documents": documents, "seconds": round(seconds, 1),
                "documents_per_s": round(documents / seconds, 1)},
    "in_process": in_process(languages, queries, repetitions),
}))
"""


def backend_environment(database_url: str) -> dict:
    """The environment of a process searching with the PostgreSQL backend."""
    env = environment(Path(settings.KB_DATA_DIR), database_url)
    env["KB_SEARCH_BACKEND"] = "postgres"
    return env


def measure(database_url: str, languages: list[str], queries: int, repetitions: int) -> dict:
    """{"rebuild": …, "in_process": {lang: …}} of the PostgreSQL backend (same shapes as
    the Whoosh run's). Raises CalledProcessError when the child fails."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(languages), str(queries), str(repetitions)],
        cwd=ROOT,
        env=backend_environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def render(report: dict, add) -> None:
    """The side-by-side table: uncached p50/p95 of Whoosh, PostgreSQL backend, FTS5."""
    postgres = report["postgres_backend"]
    rebuild = postgres["rebuild"]
    add(
        f"\nPostgreSQL backend: rebuild {rebuild['seconds']} s "
        f"({rebuild['documents_per_s']} documents/s, Whoosh: "
        f"{report['rebuild']['documents_per_s']})"
    )
    add("  search in process (ms), the same queries: p50 / p95 uncached")
    add(f"  {'lang':<8} {'whoosh':>15} {'postgres':>15} {'pg cached p95':>14} {'fts5 p50':>9}")
    for lang in report["config"]["languages"]:
        ours = report.get("in_process", {}).get(lang, {}).get("uncached", {})
        theirs = postgres["in_process"][lang]
        fts = report.get("fts5", {}).get(lang, {})
        add(
            f"  {lang:<8} {_pair(ours):>15} {_pair(theirs['uncached']):>15} "
            f"{theirs['cached'].get('p95_ms', '—'):>14} {fts.get('median_ms', '—'):>9}"
        )


def _pair(summary: dict) -> str:
    return f"{summary.get('median_ms', '—')} / {summary.get('p95_ms', '—')}"
