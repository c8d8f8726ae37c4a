from django.core.management.base import BaseCommand, CommandError

from articles.search import search_log


class Command(BaseCommand):
    help = (
        "Delete search-log entries older than --keep-days (90). Run it daily from cron; "
        "editors' 'searched but not found' analytics then cover the last --keep-days days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--keep-days", type=int, default=90, help="keep entries this many days (at least 1)"
        )

    def handle(self, *args, keep_days: int, **options) -> None:
        if keep_days < 1:
            raise CommandError("--keep-days must be at least 1 (days of search log to keep).")
        pruned = search_log.prune(keep_days=keep_days)
        self.stdout.write(
            f"Search log pruned: {pruned} entr{'y' if pruned == 1 else 'ies'} "
            f"older than {keep_days} day(s) deleted."
        )
