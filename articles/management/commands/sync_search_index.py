from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from articles import search
from articles.models import IndexChange
from articles.publishing import schedules
from articles.search import applier
from articles.search.analysis import warm_up
from articles.search.indexing import merge_segments


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
        parser.add_argument(
            "--follow",
            action="store_true",
            help="keep applying changes as they are logged, until the parent process exits "
            "(the index applier the gunicorn master starts: articles/search/applier.py)",
        )

    def handle(self, *args, **options) -> None:
        if options["follow"]:
            warm_up()  # jieba's dictionary: not on the first save's time
            applier.follow(partial(search.sync, merge=False), _latest_change, merge_segments)
            return
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


def _latest_change() -> int | None:
    close_old_connections()  # a connection broken since the last look is opened again
    return IndexChange.objects.order_by("-id").values_list("id", flat=True).first()
