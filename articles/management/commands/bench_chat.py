import math
import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.support.views.socket_limits import CONNECTION_MESSAGES


class Command(BaseCommand):
    help = (
        "Benchmark the live chat as deployed: in a scratch help center, gunicorn serves "
        "pages (kb.wsgi) and the chat's sockets (kb.asgi, Uvicorn workers); 200 chats open "
        "while visitors load pages, in rounds with the chats silent and talking. Prints "
        "delivery p50/p95/p99, lost and doubled messages, page throughput in each round "
        "and their median ratio, and the CPU the pages and the chat used. Needs the "
        "repository's bench/ package."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chats", type=int, default=200, help="open chats (default 200)")
        parser.add_argument(
            "--agents",
            type=int,
            default=0,
            help="agents, each taking its share of the chats (default: one per 4 chats)",
        )
        parser.add_argument(
            "--every", type=float, default=20.0,
            help="seconds between two messages of one side of a chat, ± half (default 20: "
            "docs/benchmark.md; 5 for the stress run)",
        )  # fmt: skip
        parser.add_argument(
            "--seconds", type=float, default=5.0,
            help="length of each page-load run (default 5)",
        )  # fmt: skip
        parser.add_argument(
            "--rounds", type=int, default=16,
            help="rounds of pages with the chats silent and talking, interleaved (default 16)",
        )  # fmt: skip
        parser.add_argument(
            "--clients", type=int, default=8, help="visitors loading pages (default 8)"
        )
        parser.add_argument(
            "--redis", metavar="URL",
            default=os.environ.get("KB_BENCH_REDIS") or os.environ.get("REDIS_URL"),
            help="the servers' REDIS_URL: channels-redis, as in production (default "
            "KB_BENCH_REDIS, then REDIS_URL; none: the in-memory layer)",
        )  # fmt: skip
        parser.add_argument(
            "--chat-workers", type=int, default=1,
            help="the chat's ASGI workers (default 1, as docs/operating.md deploys it on "
            "SQLite; more need --redis)",
        )  # fmt: skip
        parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")

    def handle(self, *args, **options) -> None:
        counts = (options["chats"], options["seconds"], options["clients"], options["rounds"])
        if not all(math.isfinite(value) and value > 0 for value in counts):
            raise CommandError("--chats, --seconds, --clients and --rounds must be positive.")
        if not math.isfinite(options["every"]):
            raise CommandError("--every must be a number of seconds.")
        if options["chat_workers"] < 1 or (options["chat_workers"] > 1 and not options["redis"]):
            raise CommandError(
                "--chat-workers must be 1, or more with --redis: the in-memory layer does "
                "not carry events between processes."
            )
        options["agents"] = options["agents"] or math.ceil(options["chats"] / 4)
        most = settings.KB_CHAT_MAX_PER_AGENT
        if options["agents"] < 1 or options["agents"] * most < options["chats"]:
            raise CommandError(
                f"--agents must be at least {math.ceil(options['chats'] / most)} for "
                f"{options['chats']} chats: each agent takes at most {most} "
                "(KB_CHAT_MAX_PER_AGENT)."
            )
        if options["every"] < 60 / CONNECTION_MESSAGES:
            raise CommandError(
                f"--every must be at least {60 / CONNECTION_MESSAGES:g} s: a socket may send "
                f"{CONNECTION_MESSAGES} messages a minute "
                "(articles/support/views/socket_limits.py)."
            )
        try:
            from bench.chat_run import run
        except ModuleNotFoundError as error:
            if (error.name or "").partition(".")[0] != "bench":
                raise
            raise CommandError(
                "The benchmark is tooling kept in the repository's bench/ package: run "
                "`python manage.py bench_chat` from a checkout."
            ) from error

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}")

        run(options, self.stdout.write, progress)
