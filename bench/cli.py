"""The benchmark's command line: `python manage.py bench_search` or `python -m bench`.

The outer run makes a scratch data directory (and, with --postgres, a scratch database),
then runs the benchmark in a child process pointed at them, so it never touches your data.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.report import render
from bench.server import ROOT


def main(options: dict, write, progress) -> None:
    """Run the whole benchmark; `write(text)` prints the report, `progress(text)` the steps."""
    if options["inside"]:
        return run_inside(options, write, progress)
    scratch = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    out = Path(
        options["json"] or ROOT / "bench-results" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KB_INDEX_DIR")}
    env["KB_DATA_DIR"] = str(scratch / "data")
    postgres, scratch_db = options["postgres"], None
    if postgres:
        scratch_db, postgres = create_database(postgres)
    argv = [sys.executable, "-m", "bench", "--inside", str(out)]
    for name in ("articles", "languages", "queries", "repetitions", "load_seconds", "clients",
                 "save_every", "only", "backend", "spike_clients", "profile", "redis"):  # fmt: skip
        if options.get(name) is not None:
            argv += [f"--{name.replace('_', '-')}", str(options[name])]
    if postgres:
        argv += ["--postgres", postgres]
    started = time.monotonic()
    try:
        subprocess.run(argv, cwd=ROOT, env=env, check=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if scratch_db:
            drop_database(*scratch_db)
    write(f"\nWhole benchmark: {time.monotonic() - started:.0f} s. JSON: {out}")


def run_inside(options: dict, write, progress) -> None:
    from bench.run import run

    report = run(
        articles=options["articles"],
        languages=options["languages"].split(","),
        queries=options["queries"],
        repetitions=options["repetitions"],
        load_seconds=options["load_seconds"],
        clients=options["clients"],
        save_every=options["save_every"],
        only=options["only"],
        postgres_url=options["postgres"],
        progress=progress,
        backend=options.get("backend") or "whoosh",
        spike_clients=options.get("spike_clients") or 32,
        profile_dir=options.get("profile"),
        redis_url=options.get("redis"),
    )
    Path(options["inside"]).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    write(render(report))


def create_database(url: str):
    """A scratch database beside the one `url` names: ((base URL, name), its URL)."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"kb_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return (base, name), f"{base}/{name}"


def drop_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
