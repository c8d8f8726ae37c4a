from django.core.management.base import BaseCommand, CommandError

from articles import search
from articles.publishing import schedules


class Command(BaseCommand):
    help = (
        "Apply logged article changes the search index has not seen yet (e.g. after a process "
        "died between its database commit and its index commit), then prune change-log rows "
        "older than --keep-days that the index has applied. Safe to run from cron. (Articles "
        "whose publish_at or unpublish_at passed are reindexed by searches and page views "
        "anyway; this also does it.)"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help="keep applied change-log rows this many days (0: keep everything)",
        )

    def handle(self, *args, **options) -> None:
        try:
            schedules.apply_passed_boundaries()
            count = search.sync()
            pruned = 0
            if options["keep_days"] > 0:
                pruned = search.prune_change_log(keep_days=options["keep_days"])
        except search.IndexUnavailable as error:
            raise CommandError(str(error)) from error
        except search.IndexBusy as error:
            raise CommandError(f"{error} Try again; nothing was lost.") from error
        self.stdout.write(
            f"Search index in step: {count} article(s) updated; "
            f"{pruned} old change-log row(s) pruned."
        )
