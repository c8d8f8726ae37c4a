from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.search import search_log


class Command(BaseCommand):
    help = (
        "Delete search-log entries and result clicks older than --keep-days (default: "
        "KB_SEARCH_LOG_RETENTION_DAYS, 90). Run it daily from cron; editors' search "
        "analytics then cover the last --keep-days days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="keep entries this many days (at least 1; default KB_SEARCH_LOG_RETENTION_DAYS)",
        )

    def handle(self, *args, keep_days: int | None, **options) -> None:
        if keep_days is None:
            keep_days = settings.KB_SEARCH_LOG_RETENTION_DAYS
        if keep_days < 1:
            raise CommandError("--keep-days must be at least 1 (days of search log to keep).")
        pruned = search_log.prune(keep_days=keep_days)
        self.stdout.write(
            f"Search log pruned: {pruned} entr{'y' if pruned == 1 else 'ies'} "
            f"older than {keep_days} day(s) deleted."
        )
