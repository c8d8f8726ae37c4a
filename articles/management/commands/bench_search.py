import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.bench.report import render


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic help center in a scratch data directory: rebuild, "
        "save-to-searchable, in-process and HTTP latency, a load run, and the icontains and "
        "FTS5 baselines. Prints a table and writes JSON."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--articles",
            type=int,
            default=2000,
            help="synthetic articles (× 5 languages = documents); default 2000",
        )
        parser.add_argument("--languages", default=",".join(c for c, _n in settings.LANGUAGES))
        parser.add_argument(
            "--queries", type=int, default=200, help="distinct queries per language"
        )
        parser.add_argument("--repetitions", type=int, default=3, help="passes for cached timings")
        parser.add_argument("--load-seconds", type=float, default=60.0)
        parser.add_argument(
            "--postgres",
            metavar="URL",
            default=os.environ.get("KB_BENCH_POSTGRES"),
            help="also load-test on PostgreSQL (a scratch database is created there)",
        )
        parser.add_argument(
            "--json", metavar="FILE", help="default: bench-results/bench-<time>.json"
        )
        parser.add_argument(
            "--inside", default=None, help="(internal) run here, write JSON to this file"
        )

    def handle(self, *args, **options) -> None:
        if options["inside"]:
            return self._run_inside(options)
        scratch = Path(tempfile.mkdtemp(prefix="kb-bench-"))
        out = Path(
            options["json"]
            or settings.BASE_DIR / "bench-results" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KB_INDEX_DIR")}
        env["KB_DATA_DIR"] = str(scratch / "data")
        postgres, scratch_db = options["postgres"], None
        if postgres:
            scratch_db, postgres = self._create_database(postgres)
        argv = [sys.executable, "manage.py", "bench_search", "--inside", str(out),
                "--articles", str(options["articles"]), "--languages", options["languages"],
                "--queries", str(options["queries"]), "--repetitions", str(options["repetitions"]),
                "--load-seconds", str(options["load_seconds"])]  # fmt: skip
        if postgres:
            argv += ["--postgres", postgres]
        started = time.monotonic()
        try:
            subprocess.run(argv, cwd=settings.BASE_DIR, env=env, check=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            if scratch_db:
                self._drop_database(*scratch_db)
        self.stdout.write(f"\nWhole benchmark: {time.monotonic() - started:.0f} s. JSON: {out}")

    def _run_inside(self, options) -> None:
        from articles.bench.run import run

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}")

        report = run(
            articles=options["articles"],
            languages=options["languages"].split(","),
            queries=options["queries"],
            repetitions=options["repetitions"],
            load_seconds=options["load_seconds"],
            postgres_url=options["postgres"],
            progress=progress,
        )
        Path(options["inside"]).write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(render(report))

    @staticmethod
    def _create_database(url: str):
        import psycopg

        base = url.rsplit("/", 1)[0]
        name = f"kb_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return (base, name), f"{base}/{name}"

    @staticmethod
    def _drop_database(base: str, name: str) -> None:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
