import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ONLY = ("search", "load", "saves", "spike", "incident", "rebuild", "changes")


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic help center in a scratch data directory: rebuild, "
        "save-to-searchable, in-process and HTTP latency, load runs (one while an editor "
        "saves articles), and the icontains and FTS5 baselines. Prints a table and writes "
        "JSON. Needs the repository's bench/ package (a checkout, not an installed wheel)."
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
        parser.add_argument(
            "--load-seconds", type=float, default=60.0, help="length of each load run"
        )
        parser.add_argument(
            "--clients", type=int, default=8, help="visitors sending requests in the load runs"
        )
        parser.add_argument(
            "--save-every",
            type=float,
            default=5.0,
            help="seconds between an editor's admin saves in the load run with saves",
        )
        parser.add_argument(
            "--only",
            choices=ONLY,
            help="one part: in-process and HTTP search (search), the load runs (load), "
            "only the load runs without and with saves on SQLite (saves), the incident-spike "
            "figures of one server before and after (spike), the incident and long-tail mixes "
            "against the /robots.txt floor with the issue's targets (incident), the rebuild "
            "alone (rebuild), or "
            "pages of /api/articles?changed_since= beside one article (changes)",
        )
        parser.add_argument(
            "--spike-clients",
            type=int,
            default=32,
            help="visitors in the spike's larger load run (default 32)",
        )
        parser.add_argument(
            "--redis",
            metavar="URL",
            default=os.environ.get("KB_BENCH_REDIS"),
            help="REDIS_URL of the benchmark's servers (pages, results and limits shared "
            "by both workers, as in production); default: each worker's local memory",
        )
        parser.add_argument(
            "--profile",
            metavar="DIR",
            help="sample the server with py-spy during the spike's load runs (collapsed "
            'stacks in DIR, top functions in the report); needs pip install -e ".[profile]"',
        )
        parser.add_argument(
            "--postgres",
            metavar="URL",
            default=os.environ.get("KB_BENCH_POSTGRES"),
            help="also load-test on PostgreSQL (a scratch database is created there)",
        )
        parser.add_argument(
            "--backend",
            choices=("whoosh", "postgres"),
            default="whoosh",
            help="with --postgres: postgres also rebuilds the PostgreSQL search backend there, "
            "times the same queries on it (beside Whoosh and FTS5) and load-tests with it",
        )
        parser.add_argument(
            "--json", metavar="FILE", help="default: bench-results/bench-<time>.json"
        )
        parser.add_argument(
            "--inside", default=None, help="(internal) run here, write JSON to this file"
        )

    def handle(self, *args, **options) -> None:
        if options["backend"] == "postgres" and not options["postgres"]:
            raise CommandError("--backend postgres needs --postgres URL (or KB_BENCH_POSTGRES).")
        try:
            from bench.cli import main
        except ModuleNotFoundError as error:
            if (error.name or "").partition(".")[0] != "bench":
                raise
            raise CommandError(
                "The benchmark is tooling kept in the repository's bench/ package, not in "
                "the installed application: run it from a checkout, "
                "`python manage.py bench_search` or `python -m bench`."
            ) from error

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}")

        main(options, self.stdout.write, progress)
